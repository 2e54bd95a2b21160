import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/io.js';

/** A CliIo that records output; no signals, and no server unless the test gives one. */
export function captureIo(overrides: Partial<CliIo> = {}): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdin: () => Readable.from([]),
    env: {},
    onStopSignal: () => undefined,
    loadServer: () => Promise.reject(new Error('no server in this test')),
    ...overrides,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
