/**
 * The compression codecs are optional peer dependencies of the SDK: a
 * missing one becomes UNSUPPORTED_COMPRESSION_TYPE naming the package to
 * install, when a producer is created for it or a consumer meets it.
 */
import { CodecUnavailableError, loadCodec } from '../records/index.js';
import type { Compression } from '../records/index.js';
import { CairnError } from './errors.js';

export function unsupportedCompression(error: CodecUnavailableError, context: string): CairnError {
  return new CairnError('UNSUPPORTED_COMPRESSION_TYPE', `${context}: ${error.message}`, {
    cause: error,
    details: { codec: error.codec, package: error.packageName },
  });
}

/** Loads the package `compression` needs; UNSUPPORTED_COMPRESSION_TYPE when it is not installed. */
export function loadProducerCodec(compression: Compression): void {
  try {
    loadCodec(compression);
  } catch (error) {
    if (error instanceof CodecUnavailableError) throw unsupportedCompression(error, `producer compression '${compression}'`);
    throw error;
  }
}
