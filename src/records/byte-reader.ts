/**
 * A bounds-checked cursor over record bytes. Every read checks the bytes
 * left first, so malformed input becomes a CorruptBatchError, never an
 * out-of-bounds read or a RangeError. Varints are zigzag-encoded as in
 * protobuf's sint32/sint64, which Kafka's record format uses.
 */
import { CorruptBatchError } from './errors.js';
import type { CorruptBatchKind } from './errors.js';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  private at = 0;

  /**
   * @param overrunKind what running past the end means: 'truncated' when the
   *   bytes are a whole buffer, 'bad-length' when a length field framed them.
   * @param context names the bytes in error messages.
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly overrunKind: CorruptBatchKind,
    private readonly context: string,
  ) {}

  get remainingBytes(): number {
    return this.bytes.length - this.at;
  }

  int8(): number {
    this.need(1);
    const byte = this.bytes[this.at++] as number;
    return (byte << 24) >> 24;
  }

  /** A zigzag varint of at most 5 bytes (Kafka's varint, an int32). */
  varint(): number {
    let raw = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.uint8();
      raw |= (byte & 0x7f) << shift;
      if (byte < 0x80) return (raw >>> 1) ^ -(raw & 1);
    }
    // The fifth byte holds the top 4 bits; anything more overflows an int32.
    const last = this.uint8();
    if (last > 0x0f) throw this.corrupt('bad-varint', `varint overflows 32 bits (fifth byte 0x${last.toString(16)})`);
    raw |= last << 28;
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** A zigzag varint of at most 10 bytes (Kafka's varlong, an int64). */
  varlong(): bigint {
    // Up to 4 bytes (28 bits) stay in number arithmetic: timestamp deltas nearly always do.
    let raw = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.uint8();
      raw |= (byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt((raw >>> 1) ^ -(raw & 1));
    }
    let rawBig = BigInt(raw);
    for (let shift = 28n; shift < 63n; shift += 7n) {
      const byte = this.uint8();
      rawBig |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return (rawBig >> 1n) ^ -(rawBig & 1n);
    }
    // The tenth byte holds bit 63 only.
    const last = this.uint8();
    if (last > 0x01) throw this.corrupt('bad-varint', `varlong overflows 64 bits (tenth byte 0x${last.toString(16)})`);
    rawBig |= BigInt(last) << 63n;
    return (rawBig >> 1n) ^ -(rawBig & 1n);
  }

  /** A plain Uint8Array view of the next `count` bytes, even when the source is a Buffer. */
  bytesView(count: number): Uint8Array {
    this.need(count);
    const view = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + this.at, count);
    this.at += count;
    return view;
  }

  /** Varint length then bytes; length -1 is null. */
  nullableBytes(what: string): Uint8Array | null {
    const length = this.varint();
    if (length === -1) return null;
    if (length < -1) throw this.corrupt('bad-length', `${what} length ${length}`);
    return this.bytesView(length);
  }

  /** Varint length then UTF-8; never null. */
  string(what: string): string {
    const length = this.varint();
    if (length < 0) throw this.corrupt('bad-length', `${what} length ${length}`);
    const bytes = this.bytesView(length);
    try {
      return utf8Strict.decode(bytes);
    } catch (cause) {
      throw this.corrupt('bad-record', `${what} is not valid UTF-8`, cause);
    }
  }

  /** A reader over the next `count` bytes, framed by a length field. */
  sub(count: number, context: string): ByteReader {
    return new ByteReader(this.bytesView(count), 'bad-length', context);
  }

  corrupt(kind: CorruptBatchKind, detail: string, cause?: unknown): CorruptBatchError {
    return new CorruptBatchError(kind, `${this.context}: ${detail}`, cause === undefined ? undefined : { cause });
  }

  private uint8(): number {
    this.need(1);
    return this.bytes[this.at++] as number;
  }

  private need(count: number): void {
    if (count > this.remainingBytes) {
      throw this.corrupt(this.overrunKind, `needs ${count} bytes at byte ${this.at} but only ${this.remainingBytes} remain`);
    }
  }
}
