/** `cairn --version`: the version of the installed cairn-server package. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** package.json is two levels above src/cli/ and three above dist/src/cli/. */
export function cliVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
    if (manifest.name === 'cairn-server' && typeof manifest.version === 'string') return manifest.version;
  }
  throw new Error(`the cairn-server package.json was not found above ${fileURLToPath(import.meta.url)}`);
}
