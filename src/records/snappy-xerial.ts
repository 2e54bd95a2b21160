/**
 * Snappy as Kafka carries it. The Java client writes snappy-java's
 * SnappyOutputStream format ("xerial" framing), not Google's framing format:
 * a 16-byte header (0x82 "SNAPPY" 0x00, then int32 version 1 and int32
 * compatible version 1, big-endian) followed by blocks, each an int32
 * big-endian length and a raw snappy block of at most 32 KiB of input.
 * We write that, so Java consumers behind a future Kafka gateway can read
 * our batches. We read it and also a bare raw snappy block (no header), as
 * snappy-java's reader does, because some non-Java clients write that.
 */
import type * as Snappy from 'snappy';
import { CorruptBatchError } from './errors.js';
import { requireCodecModule } from './optional-module.js';

/** Loaded on first use: the SDK has snappy as an optional peer dependency. */
const snappy = (): typeof Snappy => requireCodecModule<typeof Snappy>('snappy');

const XERIAL_MAGIC = Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00);
const XERIAL_VERSION = 1;
const XERIAL_HEADER_BYTES = 16;
/** snappy-java's default block size, which Kafka's Java producer uses. */
const XERIAL_BLOCK_INPUT_BYTES = 32 * 1024;
const BLOCK_LENGTH_BYTES = 4;

export function snappyCompress(bytes: Uint8Array): Buffer {
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += XERIAL_BLOCK_INPUT_BYTES) {
    blocks.push(snappy().compressSync(bytes.subarray(at, at + XERIAL_BLOCK_INPUT_BYTES)));
  }
  const framed = Buffer.allocUnsafe(
    XERIAL_HEADER_BYTES + blocks.reduce((sum, block) => sum + BLOCK_LENGTH_BYTES + block.length, 0),
  );
  framed.set(XERIAL_MAGIC, 0);
  framed.writeInt32BE(XERIAL_VERSION, 8);
  framed.writeInt32BE(XERIAL_VERSION, 12);
  let at = XERIAL_HEADER_BYTES;
  for (const block of blocks) {
    at = framed.writeInt32BE(block.length, at);
    framed.set(block, at);
    at += block.length;
  }
  return framed;
}

export function snappyDecompress(bytes: Uint8Array, decompressedBytesMax: number): Buffer {
  if (!hasXerialMagic(bytes)) return rawBlockDecompress(bytes, decompressedBytesMax);
  if (bytes.length < XERIAL_HEADER_BYTES) throw new CorruptBatchError('bad-compression', 'snappy: xerial header is cut short');
  const framed = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: Buffer[] = [];
  let decompressedBytes = 0;
  // Each pass consumes at least the 4-byte block length, so the loop ends.
  for (let at = XERIAL_HEADER_BYTES; at < framed.length; ) {
    if (framed.length - at < BLOCK_LENGTH_BYTES) {
      throw new CorruptBatchError('bad-compression', `snappy: block length at byte ${at} is cut short`);
    }
    const blockBytes = framed.readUInt32BE(at);
    at += BLOCK_LENGTH_BYTES;
    if (blockBytes > framed.length - at) {
      throw new CorruptBatchError('bad-compression', `snappy: block of ${blockBytes} bytes at byte ${at} overruns the payload`);
    }
    const block = rawBlockDecompress(framed.subarray(at, at + blockBytes), decompressedBytesMax - decompressedBytes);
    blocks.push(block);
    decompressedBytes += block.length;
    at += blockBytes;
  }
  return Buffer.concat(blocks, decompressedBytes);
}

function hasXerialMagic(bytes: Uint8Array): boolean {
  return bytes.length >= XERIAL_MAGIC.length && XERIAL_MAGIC.every((byte, i) => bytes[i] === byte);
}

function rawBlockDecompress(block: Uint8Array, decompressedBytesMax: number): Buffer {
  // The snappy library allocates whatever length the block declares, so check it first.
  const declaredBytes = declaredLength(block);
  if (declaredBytes > decompressedBytesMax) {
    throw new CorruptBatchError('too-large', `snappy block declares ${declaredBytes} bytes, over the ${decompressedBytesMax} allowed`);
  }
  try {
    return snappy().uncompressSync(block, { asBuffer: true }) as Buffer;
  } catch (cause) {
    throw new CorruptBatchError('bad-compression', `snappy: ${String(cause)}`, { cause });
  }
}

/** A raw snappy block starts with its uncompressed length as an unsigned varint of at most 32 bits. */
function declaredLength(block: Uint8Array): number {
  let length = 0;
  for (let i = 0; i < 5; i++) {
    const byte = block[i];
    if (byte === undefined) break;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return length;
  }
  throw new CorruptBatchError('bad-compression', 'snappy: block does not start with a valid length');
}
