/**
 * The Cairn SDK. Usable without the server code: it imports only the
 * generated protocol types and its own files.
 *
 * ```ts
 * await using cairn = new Cairn({ brokers: ['127.0.0.1:7070'] });
 * await cairn.admin().createTopic({ name: 'orders', partitions: 3, replicationFactor: 3 });
 * ```
 */
import { Admin } from './admin.js';
import { ClusterClient } from './cluster-client.js';
import { resolveClientOptions } from './options.js';
import type { CairnOptions, ResolvedClientOptions } from './options.js';

export class Cairn implements AsyncDisposable {
  readonly options: ResolvedClientOptions;
  readonly #client: ClusterClient;
  readonly #admin: Admin;

  /** Validates the options at once; connects lazily, on the first call. */
  constructor(options: CairnOptions) {
    this.options = resolveClientOptions(options);
    this.#client = new ClusterClient(this.options);
    this.#admin = new Admin(this.#client);
  }

  admin(): Admin {
    return this.#admin;
  }

  /** Closes every connection; calls in flight fail with CLIENT_CLOSED. */
  close(): Promise<void> {
    return this.#client.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

export { Admin } from './admin.js';
export type { CreatePartitionsOptions, CreateTopicOptions } from './admin.js';
export { CairnError, ERROR_CODES } from './errors.js';
export type { CairnErrorOptions, ErrorCode, ErrorSpec } from './errors.js';
export type { CairnOptions, ResolvedClientOptions, RetryOptions, TlsFiles } from './options.js';
export type { ClusterDescription, NodeDescription, PartitionDescription, TopicDescription } from './types.js';
