/**
 * Malformed batch bytes are an operating error, not a bug: they arrive from
 * the network or the disk, so every check that can fail on them throws this
 * typed error and nothing else. Callers branch on `kind`.
 */
export type CorruptBatchKind =
  /** The buffer ends before the batch does. */
  | 'truncated'
  /** Not a v2 (magic 2) batch. */
  | 'bad-magic'
  /** The CRC32C does not match the bytes from attributes to the end. */
  | 'bad-crc'
  /** A length field disagrees with the bytes it frames. */
  | 'bad-length'
  /** A count (records, headers) is negative or disagrees with the header or the bytes. */
  | 'bad-count'
  /** A varint is longer than its type allows. */
  | 'bad-varint'
  /** Unknown codec, or the compressed payload does not decompress. */
  | 'bad-compression'
  /** A record's contents contradict the batch (offset delta, header key not UTF-8). */
  | 'bad-record'
  /** The batch, or its decompressed records, exceed the caller's byte limit. */
  | 'too-large'
  /** A produced batch holds no records: it would take no offsets yet be stored as if it did. */
  | 'empty'
  /** A produced batch asks for what Cairn does not do: transactions, control records, a broker-chosen timestamp type. */
  | 'unsupported'
  /** A produced batch's timestamps disagree with each other or fall outside the leader's window. */
  | 'bad-timestamp';

export class CorruptBatchError extends Error {
  override name = 'CorruptBatchError';

  constructor(
    readonly kind: CorruptBatchKind,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`corrupt record batch (${kind}): ${detail}`, options);
  }
}

/**
 * A batch needs a compression codec whose package is not installed: not a
 * corrupt batch, and installing `packageName` cures it. The SDK declares the
 * codecs as optional peer dependencies, so an application installs only the
 * ones it uses.
 */
export class CodecUnavailableError extends Error {
  override name = 'CodecUnavailableError';

  constructor(
    readonly codec: string,
    readonly packageName: string,
    options?: ErrorOptions,
  ) {
    super(`${codec} compression needs the package ${packageName}, which is not installed (npm install ${packageName})`, options);
  }
}
