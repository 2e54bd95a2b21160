/**
 * What the host needs from storage and the network, as narrow interfaces so
 * tests can substitute them. NodeStorage and PeerTransport implement them.
 */
import type { ConfState, LogIndex, Message, NodeId, RaftStorage } from '../raft/index.js';
import type { GroupId, GroupWrite, WriteOptions } from '../storage/types.js';

/** A group's log as the host holds it: the core's read interface, plus a way to wait for entries being loaded. */
export interface HostedLog extends RaftStorage {
  /** Resolves once every load the log has started (after answering UNAVAILABLE) has finished. */
  settled?(): Promise<void>;
}

export interface HostStorage {
  /** The group's log, opened; creates an empty one if the group is new on this node. */
  openGroup(group: GroupId): Promise<HostedLog>;
  deleteGroup(group: GroupId): Promise<void>;
  /** Everything persisted in one loop turn, across all groups, in one write. */
  write(writes: readonly GroupWrite[], options: WriteOptions): Promise<unknown>;
  /** Records a snapshot at `index` and deletes the log before it. */
  compact(group: GroupId, index: LogIndex, conf: ConfState, data: Uint8Array): Promise<void>;
}

/** A Raft message of one group; group ids arriving from the network are plain numbers until looked up. */
export interface Envelope {
  readonly group: number;
  readonly message: Message;
}

export interface HostTransport {
  /** Queues messages for `to`; they leave at the next flush(). */
  send(to: NodeId, envelopes: readonly Envelope[]): void;
  /** Sends everything queued this turn: one batch per peer. */
  flush(): void;
  /** Ships a snapshot on its own stream; resolves whether the peer took it. */
  sendSnapshot(to: NodeId, group: GroupId, message: Message): Promise<boolean>;
}
