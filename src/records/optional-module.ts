/**
 * Native addons the records codec uses only when it must: the compression
 * codecs and the hardware CRC32C. The SDK declares them as optional peer
 * dependencies, so an application that never compresses installs and loads
 * none of them; they are required synchronously (createRequire) on first use
 * because encoding and decoding are synchronous.
 */
import { createRequire } from 'node:module';
import { CodecUnavailableError } from './errors.js';

const require = createRequire(import.meta.url);

/** The package each codec needs; gzip is Node's own zlib. */
export const CODEC_PACKAGES = { snappy: 'snappy', lz4: 'lz4-napi', zstd: 'zstd-napi' } as const;

export type NativeCodec = keyof typeof CODEC_PACKAGES;

const loaded = new Map<string, unknown>();

/** `specifier` (a package or one of its files) of `codec`'s package, or CodecUnavailableError when it is not installed. */
export function requireCodecModule<T>(codec: NativeCodec, specifier: string = CODEC_PACKAGES[codec]): T {
  const cached = loaded.get(specifier);
  if (cached !== undefined) return cached as T;
  let module: T;
  try {
    module = require(specifier) as T;
  } catch (cause) {
    if (!isModuleNotFound(cause)) throw cause;
    throw new CodecUnavailableError(codec, CODEC_PACKAGES[codec], { cause });
  }
  loaded.set(specifier, module);
  return module;
}

/** `name`'s exports, or undefined when it is not installed (for an optional accelerator). */
export function requireIfInstalled<T>(name: string): T | undefined {
  try {
    return require(name) as T;
  } catch (cause) {
    if (isModuleNotFound(cause)) return undefined;
    throw cause;
  }
}

function isModuleNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND';
}
