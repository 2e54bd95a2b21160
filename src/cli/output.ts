/** What commands print: aligned tables for people, JSON for scripts, one-line errors. */
import { CairnError } from '../client/errors.js';
import { ConfigError } from '../config/errors.js';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Columns padded to their widest cell, two spaces apart, no trailing blanks. */
export function renderColumns(rows: readonly (readonly string[])[], indent = ''): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd() + '\n').join('');
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return renderColumns([header, ...rows]);
}

/** `--json` prints the value; otherwise the human rendering. */
export function print(io: CliIo, json: boolean, value: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : human());
}

/** Prints one line for an operating error and returns the exit code; anything else is a bug and keeps its stack. */
export function reportError(error: unknown, io: CliIo, helpCommand: string): number {
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\nrun "${helpCommand} --help" for usage\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CairnError) {
    io.stderr(`error: ${error.code}: ${error.message}\n`);
    return EXIT_FAILED;
  }
  io.stderr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_FAILED;
}
