/**
 * What the coordinator writes to its offsets-topic partition: key/value
 * records, JSON on both sides, in ordinary record batches. Replaying a
 * partition from its start rebuilds every group it coordinates; a record
 * with no value deletes its key. Only the latest value of a key matters.
 */
import type { AssignorName } from './assignors.js';
import type { Assignment } from './partitions.js';

export type GroupRecordKey =
  | { readonly t: 'group'; readonly g: string }
  | { readonly t: 'member'; readonly g: string; readonly m: string }
  | { readonly t: 'offset'; readonly g: string; readonly topic: string; readonly p: number };

export interface GroupValue {
  readonly epoch: number;
}

export interface MemberValue {
  readonly instanceId: string;
  readonly epoch: number;
  readonly previousEpoch: number;
  readonly subscribed: readonly string[];
  readonly assignor: AssignorName;
  readonly sessionTimeoutMs: number;
  readonly assigned: Assignment;
  readonly revoking: Assignment;
  /** A static member that left for now (epoch -2): it keeps its partitions until its session times out. */
  readonly away: boolean;
}

export interface OffsetValue {
  readonly offset: string;
  readonly metadata: string;
  readonly commitMs: number;
  /** The id of the topic committed to (see topic-directory.ts); absent in records written before offsets carried one. */
  readonly topicId?: string;
}

export type GroupRecord =
  | { readonly key: Extract<GroupRecordKey, { t: 'group' }>; readonly value: GroupValue | null }
  | { readonly key: Extract<GroupRecordKey, { t: 'member' }>; readonly value: MemberValue | null }
  | { readonly key: Extract<GroupRecordKey, { t: 'offset' }>; readonly value: OffsetValue | null };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeGroupRecord(record: GroupRecord): { key: Uint8Array; value: Uint8Array | null } {
  return { key: encoder.encode(JSON.stringify(record.key)), value: record.value === null ? null : encoder.encode(JSON.stringify(record.value)) };
}

/** Undefined for a record this coordinator did not write (the offsets topic refuses client produces, so none should exist). */
export function decodeGroupRecord(key: Uint8Array | null, value: Uint8Array | null): GroupRecord | undefined {
  if (key === null) return undefined;
  try {
    const parsed = JSON.parse(decoder.decode(key)) as GroupRecordKey;
    if (typeof parsed?.g !== 'string' || !['group', 'member', 'offset'].includes(parsed.t)) return undefined;
    return { key: parsed, value: value === null ? null : JSON.parse(decoder.decode(value)) } as GroupRecord;
  } catch {
    return undefined;
  }
}
