import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingServerNodeFlags, SERVER_NODE_FLAGS } from '../../../src/server/heap-flags.js';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the node V8 flags', () => {
  it('npm start passes every one of them to node', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start']!;
    const nodeArgs = start.split(/\s+/).slice(1);
    expect(missingServerNodeFlags(nodeArgs)).toEqual([]);
  });

  it("the container image's entrypoint passes every one of them to node", () => {
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(read('deploy/docker/Dockerfile'))?.[1];
    expect(entrypoint).toBeDefined();
    expect(missingServerNodeFlags(JSON.parse(entrypoint!) as string[])).toEqual([]);
  });

  it('a process started without them is told which are missing', () => {
    expect(missingServerNodeFlags(['--enable-source-maps'])).toEqual([...SERVER_NODE_FLAGS]);
  });
});
