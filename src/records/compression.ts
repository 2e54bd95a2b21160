/**
 * Compression of a batch's records section with the codecs Kafka assigns in
 * the low 3 attribute bits. Decompression is bounded by the caller's
 * decompressedBytesMax: a CRC-valid batch can still be a decompression bomb
 * written by a hostile producer, so no codec's output may pass the limit.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type * as Lz4 from 'lz4-napi';
import type * as Zstd from 'zstd-napi';
import type * as ZstdBinding from 'zstd-napi/binding.js';
import { CorruptBatchError } from './errors.js';
import { requireCodecModule } from './optional-module.js';
import { snappyCompress, snappyDecompress } from './snappy-xerial.js';
import type { Compression } from './types.js';

export type Codec = Exclude<Compression, 'none'>;

// The native codecs load on first use (CodecUnavailableError when not installed).
const lz4 = (): typeof Lz4 => requireCodecModule<typeof Lz4>('lz4');
const zstd = (): typeof Zstd => requireCodecModule<typeof Zstd>('zstd');
const zstdBinding = (): typeof ZstdBinding => requireCodecModule<typeof ZstdBinding>('zstd', 'zstd-napi/binding.js');

/**
 * Kafka's lz4 is the standard LZ4 frame format with independent blocks (its
 * Java reader decompresses each block alone); lz4-napi writes exactly that.
 * zstd and gzip are their standard single-frame formats.
 */
/** Loads `compression`'s package now, so a producer configured for it fails at once (CodecUnavailableError) rather than at its first batch. */
export function loadCodec(compression: Compression): void {
  switch (compression) {
    case 'snappy':
      requireCodecModule('snappy');
      return;
    case 'lz4':
      lz4();
      return;
    case 'zstd':
      zstd();
      zstdBinding();
      return;
    case 'none':
    case 'gzip':
      return;
  }
}

export function compressRecords(codec: Codec, bytes: Uint8Array): Buffer {
  switch (codec) {
    case 'gzip':
      return gzipSync(bytes);
    case 'snappy':
      return snappyCompress(bytes);
    case 'lz4':
      return lz4().compressFrameSync(asBuffer(bytes));
    case 'zstd':
      return zstd().compress(bytes);
  }
}

export function decompressRecords(codec: Codec, bytes: Uint8Array, decompressedBytesMax: number): Buffer {
  switch (codec) {
    case 'gzip':
      return gunzip(bytes, decompressedBytesMax);
    case 'snappy':
      return snappyDecompress(bytes, decompressedBytesMax);
    case 'lz4':
      return lz4Decompress(bytes, decompressedBytesMax);
    case 'zstd':
      return zstdDecompress(bytes, decompressedBytesMax);
  }
}

function gunzip(bytes: Uint8Array, decompressedBytesMax: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: decompressedBytesMax });
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge('gzip', decompressedBytesMax, cause);
    }
    throw new CorruptBatchError('bad-compression', `gzip: ${String(cause)}`, { cause });
  }
}

/**
 * lz4-napi has no output bound, but an LZ4 block expands at most ~255×, so
 * the allocation stays within a small multiple of the (size-limited) batch;
 * the bound is enforced after the fact.
 */
function lz4Decompress(bytes: Uint8Array, decompressedBytesMax: number): Buffer {
  const { decompressFrameSync } = lz4();
  let decompressed: Buffer;
  try {
    decompressed = decompressFrameSync(asBuffer(bytes));
  } catch (cause) {
    throw new CorruptBatchError('bad-compression', `lz4: ${String(cause)}`, { cause });
  }
  if (decompressed.length > decompressedBytesMax) throw tooLarge('lz4', decompressedBytesMax);
  return decompressed;
}

let zstdDecompressor: { readonly chunkBytes: number; readonly context: ZstdBinding.DCtx } | undefined;

/**
 * zstd-napi's one-shot decompress allocates the content size a frame header
 * declares, which a hostile frame can set to anything; stream instead,
 * chunk by chunk, and stop at the limit. zstd's own window limit (2^27 bytes
 * by default) bounds its internal buffer. Handles concatenated frames.
 */
function zstdDecompress(bytes: Uint8Array, decompressedBytesMax: number): Buffer {
  const binding = zstdBinding();
  zstdDecompressor ??= { chunkBytes: binding.dStreamOutSize(), context: new binding.DCtx() };
  const { chunkBytes, context: zstdContext } = zstdDecompressor;
  zstdContext.reset(binding.ResetDirective.sessionOnly);
  const chunks: Buffer[] = [];
  let decompressedBytes = 0;
  let input = bytes;
  // Each pass consumes input or produces output (checked), and output is bounded.
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, decompressedBytesMax - decompressedBytes + 1));
    let frameBytesPending: number, producedBytes: number, consumedBytes: number;
    try {
      [frameBytesPending, producedBytes, consumedBytes] = zstdContext.decompressStream(chunk, input);
    } catch (cause) {
      throw new CorruptBatchError('bad-compression', `zstd: ${String(cause)}`, { cause });
    }
    decompressedBytes += producedBytes;
    if (decompressedBytes > decompressedBytesMax) throw tooLarge('zstd', decompressedBytesMax);
    chunks.push(chunk.subarray(0, producedBytes));
    input = input.subarray(consumedBytes);
    const outputFlushed = producedBytes < chunk.length;
    if (input.length === 0 && outputFlushed) {
      if (frameBytesPending !== 0) throw new CorruptBatchError('bad-compression', 'zstd: payload ends inside a frame');
      return Buffer.concat(chunks, decompressedBytes);
    }
    if (producedBytes === 0 && consumedBytes === 0) {
      throw new CorruptBatchError('bad-compression', 'zstd: decompression makes no progress');
    }
  }
}

function tooLarge(codec: Codec, decompressedBytesMax: number, cause?: unknown): CorruptBatchError {
  return new CorruptBatchError(
    'too-large',
    `${codec} records decompress to more than ${decompressedBytesMax} bytes`,
    cause === undefined ? undefined : { cause },
  );
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
