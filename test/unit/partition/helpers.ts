/**
 * Builders for the partition tests: record batches as a client encodes them,
 * stamped as a leader would, the Raft entries that carry them, a
 * PartitionStm whose topic config the test sets, a frontend's options, and
 * the check of a typed refusal.
 */
import { expect } from 'vitest';
import { CairnError } from '../../../src/client/errors.js';
import type { ErrorCode } from '../../../src/client/errors.js';
import { resolveTopicConfig } from '../../../src/metadata/index.js';
import type { TopicConfig } from '../../../src/metadata/index.js';
import type { PartitionFrontendOptions, ProducePolicy } from '../../../src/partition/partition-frontend.js';
import { PartitionStm } from '../../../src/partition/partition-stm.js';
import type { Entry, LogIndex, NodeId, Term } from '../../../src/raft/index.js';
import { EntryType, encodeConfState } from '../../../src/raft/index.js';
import { encodeBatch, stampBatch } from '../../../src/records/index.js';

export interface BatchSpec {
  /** Default 1. */
  readonly records?: number;
  /** An idempotent producer's batch; omitted, the batch has no producer (-1). */
  readonly producer?: { readonly id: bigint; readonly epoch: number; readonly seq: number };
  /** The first record's timestamp; the others follow 1 ms apart. Default 1000. */
  readonly timestampMs?: number;
  /** Size of each record's value. Default 8. */
  readonly valueBytes?: number;
}

/** A batch as a client sends it: base offset 0, no leader epoch. */
export function batch(spec: BatchSpec = {}): Uint8Array {
  const timestampMs = BigInt(spec.timestampMs ?? 1000);
  const records = Array.from({ length: spec.records ?? 1 }, (_, i) => ({
    key: null,
    value: new Uint8Array(spec.valueBytes ?? 8).fill(i),
    timestamp: timestampMs + BigInt(i),
  }));
  const producer = spec.producer;
  return encodeBatch(records, producer === undefined ? {} : { producerId: producer.id, producerEpoch: producer.epoch, baseSequence: producer.seq });
}

/** The batch as the leader of `term` stores it, starting at `baseOffset`. */
export function stamped(spec: BatchSpec, baseOffset: bigint, term = 1): Uint8Array {
  const bytes = batch(spec);
  stampBatch(bytes, baseOffset, term);
  return bytes;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

export function dataEntry(index: number, term: number, batches: readonly Uint8Array[]): Entry {
  return { index: index as LogIndex, term: term as Term, type: EntryType.Normal, data: concat(batches) };
}

/** The empty entry a new leader appends. */
export function noopEntry(index: number, term: number): Entry {
  return { index: index as LogIndex, term: term as Term, type: EntryType.Normal, data: new Uint8Array(0) };
}

export function confEntry(index: number, term: number, voters: readonly number[] = [1]): Entry {
  return { index: index as LogIndex, term: term as Term, type: EntryType.ConfChange, data: encodeConfState({ voters: voters as NodeId[], learners: [] }) };
}

/** A PartitionStm reading `config` (over the topic defaults). */
export function partitionStm(config: Partial<TopicConfig> = {}): PartitionStm {
  return new PartitionStm({ config: () => ({ ...resolveTopicConfig({}), ...config }) });
}

/**
 * A frontend's options for tests: the topic's defaults but for batchBytesMax,
 * the real clock, and every producer id taken as allocated unless
 * `allocated` says otherwise.
 */
export function frontendOptions(
  batchBytesMax: number,
  overrides: Partial<Omit<PartitionFrontendOptions, 'policy'>> & { readonly policy?: Partial<ProducePolicy> } = {},
): PartitionFrontendOptions {
  const defaults = resolveTopicConfig({});
  const policy: ProducePolicy = {
    batchBytesMax,
    timestampBeforeMaxMs: defaults.messageTimestampBeforeMaxMs,
    timestampAfterMaxMs: defaults.messageTimestampAfterMaxMs,
    ...overrides.policy,
  };
  return {
    policy: () => policy,
    nowMs: overrides.nowMs ?? (() => Date.now()),
    producerIdAllocated: overrides.producerIdAllocated ?? (() => true),
    ...(overrides.uncommittedBytesMax !== undefined && { uncommittedBytesMax: overrides.uncommittedBytesMax }),
  };
}

/** The CairnError `promise` rejects with, checked to carry `code`. */
export async function rejectedWith(promise: Promise<unknown>, code: ErrorCode): Promise<CairnError> {
  const error = await promise.then(
    () => expect.fail(`resolved; expected a rejection with ${code}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  expect((error as CairnError).code).toBe(code);
  return error as CairnError;
}
