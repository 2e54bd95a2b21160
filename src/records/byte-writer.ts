/**
 * A growable byte buffer for the records section, with the zigzag varints of
 * Kafka's record format and the size functions the encoder needs to write a
 * record's length before the record.
 */
import assert from 'node:assert/strict';
import { INT32_MAX, INT32_MIN, isInt32 } from './int-ranges.js';

const utf8 = new TextEncoder();

/**
 * Plain Uint8Arrays, not Buffers: callers get the type they are promised
 * (Buffer#slice shares memory where Uint8Array#slice copies), and the batch
 * does not sit in Node's shared small-buffer pool.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialBytes: number) {
    this.buffer = new Uint8Array(Math.max(initialBytes, 64));
  }

  get writtenBytes(): number {
    return this.length;
  }

  /** Leaves `count` zero bytes for the caller to fill in the finished buffer. */
  skip(count: number): void {
    this.reserve(count);
    this.length += count;
  }

  int8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
  }

  varint(value: number): void {
    if (!isInt32(value)) assert.fail(`varint ${value} is not an int32`);
    this.reserve(5);
    let raw = ((value << 1) ^ (value >> 31)) >>> 0;
    while (raw >= 0x80) {
      this.buffer[this.length++] = (raw & 0x7f) | 0x80;
      raw >>>= 7;
    }
    this.buffer[this.length++] = raw;
  }

  varlong(value: bigint): void {
    // Zigzag of an int32-sized value has the same bytes in 32 and 64 bits.
    if (value >= INT32_MIN && value <= INT32_MAX) return this.varint(Number(value));
    this.reserve(10);
    let raw = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    while (raw >= 0x80n) {
      this.buffer[this.length++] = Number(raw & 0x7fn) | 0x80;
      raw >>= 7n;
    }
    this.buffer[this.length++] = Number(raw);
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  nullableBytes(value: Uint8Array | null): void {
    if (value === null) return this.varint(-1);
    this.varint(value.length);
    this.bytes(value);
  }

  string(value: string): void {
    const byteLength = Buffer.byteLength(value, 'utf8');
    this.varint(byteLength);
    this.reserve(byteLength);
    this.length += utf8.encodeInto(value, this.buffer.subarray(this.length, this.length + byteLength)).written;
  }

  /** The written bytes; the writer must not be used afterwards. */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + count));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

export function varintBytes(value: number): number {
  let raw = ((value << 1) ^ (value >> 31)) >>> 0;
  let count = 1;
  while (raw >= 0x80) {
    raw >>>= 7;
    count++;
  }
  return count;
}

export function varlongBytes(value: bigint): number {
  if (value >= INT32_MIN && value <= INT32_MAX) return varintBytes(Number(value));
  let raw = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  let count = 1;
  while (raw >= 0x80n) {
    raw >>= 7n;
    count++;
  }
  return count;
}

export function nullableBytesSize(value: Uint8Array | null): number {
  return value === null ? 1 : varintBytes(value.length) + value.length;
}

export function stringSize(value: string): number {
  const byteLength = Buffer.byteLength(value, 'utf8');
  return varintBytes(byteLength) + byteLength;
}
