import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC, renderErrorsDoc } from '../../../scripts/gen-errors-doc.js';
import { ERROR_CODES } from '../../../src/protocol/errors.js';

describe('docs/errors.md', () => {
  it('is what scripts/gen-errors-doc.ts renders from the error table now (run npm run gen:errors-doc if not)', () => {
    expect(readFileSync(ERRORS_DOC, 'utf8')).toBe(renderErrorsDoc());
  });

  it('lists every code once with its retriability', () => {
    const doc = renderErrorsDoc();
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(doc.split(`| \`${code}\` |`).length - 1).toBe(1);
      expect(doc).toContain(`| \`${code}\` | ${spec.retriable ? 'yes' : 'no'} |`);
    }
  });
});
