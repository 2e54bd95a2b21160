/**
 * Flag parsing on node:util's parseArgs tokens, with our own checks: its
 * strict mode reports problems in long messages that differ between Node
 * versions, and it would take `--partitions --json` as a partitions value.
 */
import { parseArgs } from 'node:util';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** A string flag that may repeat (`--config a=1 --config b=2`). */
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown in help: `--partitions N`. */
  readonly valueName?: string;
  readonly help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean' ? boolean : F['multiple'] extends true ? string[] : string | undefined;
export type FlagValues<S extends FlagSpecs> = { readonly [K in keyof S]: FlagValue<S[K]> };

/** Bad command-line input: reported with a pointer to the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs<S extends FlagSpecs> {
  readonly flags: FlagValues<S>;
  readonly positionals: readonly string[];
}

export function parseCommandArgs<S extends FlagSpecs>(args: readonly string[], specs: S): ParsedArgs<S> {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, ...(spec.short === undefined ? {} : { short: spec.short }) }]),
  );
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | string[]> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === 'boolean') values[name] = false;
    else if (spec.multiple === true) values[name] = [];
  }
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    if (spec === undefined) throw new UsageError(`unknown flag ${token.rawName}`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values[token.name] = true;
    } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw new UsageError(`${token.rawName}: expected a value`);
    } else if (spec.multiple === true) {
      (values[token.name] as string[]).push(token.value);
    } else {
      values[token.name] = token.value;
    }
  }
  return { flags: values as FlagValues<S>, positionals };
}

/** For flags holding counts and durations. */
export function positiveIntegerFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(value)) throw new UsageError(`--${name}: expected a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/** For partition numbers, where 0 is valid. */
export function nonNegativeIntegerFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(value)) throw new UsageError(`--${name}: expected a non-negative integer, got ${JSON.stringify(text)}`);
  return value;
}

/** For offsets: 64-bit, so a bigint. */
export function offsetFlag(name: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || BigInt(text) > 0x7fff_ffff_ffff_ffffn) throw new UsageError(`--${name}: expected an offset (a non-negative integer), got ${JSON.stringify(text)}`);
  return BigInt(text);
}

/** For points in time: milliseconds since the epoch, or an ISO 8601 date (`2026-12-07T10:00:00Z`). */
export function timestampFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^(0|[1-9][0-9]*)$/.test(text) ? Number(text) : /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new UsageError(`--${name}: expected milliseconds since the epoch or an ISO 8601 date, got ${JSON.stringify(text)}`);
  }
  return value;
}
