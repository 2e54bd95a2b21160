/**
 * The byte form shared by commands and image snapshots: one format byte, then
 * UTF-8 JSON. Decoding checks every field's type and range and refuses fields
 * it does not know, so bytes from another version fail loudly instead of
 * being half understood. Failures throw MetadataDecodeError naming the path.
 */
import type { NodeId } from '../raft/types.js';
import { MetadataDecodeError } from './errors.js';
import { isNodeId } from './ids.js';
import { U32_MAX } from './limits.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(format: number, value: unknown): Uint8Array {
  const json = encoder.encode(JSON.stringify(value));
  const bytes = new Uint8Array(1 + json.length);
  bytes[0] = format;
  bytes.set(json, 1);
  return bytes;
}

export function decodeJson(bytes: Uint8Array, format: number, path: string): unknown {
  if (bytes.length === 0) throw new MetadataDecodeError(path, 'no bytes');
  if (bytes[0] !== format) throw new MetadataDecodeError(path, `format ${bytes[0]} is not the supported format ${format}`);
  try {
    return JSON.parse(decoder.decode(bytes.subarray(1)));
  } catch (error) {
    throw new MetadataDecodeError(path, `not UTF-8 JSON: ${(error as Error).message}`);
  }
}

export function asInteger(value: unknown, path: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw new MetadataDecodeError(path, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

export function asU32(value: unknown, path: string): number {
  return asInteger(value, path, 0, U32_MAX);
}

export function asNodeId(value: unknown, path: string): NodeId {
  if (!isNodeId(value)) throw new MetadataDecodeError(path, `expected a node id from 1 to ${U32_MAX}, got ${JSON.stringify(value)}`);
  return value;
}

export function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new MetadataDecodeError(path, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

export function asArray<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) throw new MetadataDecodeError(path, 'expected an array');
  return value.map((element, i) => item(element, `${path}[${i}]`));
}

export function asNodeIds(value: unknown, path: string): NodeId[] {
  return asArray(value, path, asNodeId);
}

/** A string → string map, as topic configs are carried. */
export function asStringMap(value: unknown, path: string): Record<string, string> {
  const map: Record<string, string> = {};
  const fields = JsonFields.of(value, path);
  for (const key of fields.keys()) map[key] = fields.string(key);
  return map;
}

/**
 * A node's admission capacity. Absent from registrations and images written before nodes reported it:
 * read as 0 (admits nothing) on every replica alike, until the node's next heartbeat registers it again.
 */
export function readCapacity(fields: JsonFields): { cores: number; partitionsPerCore: number } {
  const optional = (key: string): number => (fields.has(key) ? fields.u32(key) : 0);
  return { cores: optional('cores'), partitionsPerCore: optional('partitionsPerCore') };
}

/** Reads the fields of one JSON object; `end()` refuses any field that was not read. */
export class JsonFields {
  private readonly read = new Set<string>();

  private constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): JsonFields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new MetadataDecodeError(path, 'expected an object');
    }
    return new JsonFields(value as Record<string, unknown>, path);
  }

  keys(): string[] {
    const keys = Object.keys(this.fields);
    for (const key of keys) this.read.add(key);
    return keys;
  }

  get<T>(key: string, as: (value: unknown, path: string) => T): T {
    const path = `${this.path}.${key}`;
    if (!Object.hasOwn(this.fields, key)) throw new MetadataDecodeError(path, 'missing');
    this.read.add(key);
    return as(this.fields[key], path);
  }

  /** Whether an optional field is present. */
  has(key: string): boolean {
    return Object.hasOwn(this.fields, key);
  }

  string(key: string): string {
    return this.get(key, asString);
  }

  u32(key: string): number {
    return this.get(key, asU32);
  }

  boolean(key: string): boolean {
    return this.get(key, (value, path) => {
      if (typeof value !== 'boolean') throw new MetadataDecodeError(path, `expected a boolean, got ${JSON.stringify(value)}`);
      return value;
    });
  }

  end(): void {
    const extra = Object.keys(this.fields).find((key) => !this.read.has(key));
    if (extra !== undefined) throw new MetadataDecodeError(`${this.path}.${extra}`, 'unknown field');
  }
}
