/**
 * Who may speak to this node as a member of the cluster, and about which groups.
 *
 * A node is admitted when it claims this cluster's id and either the founding configuration names
 * it (the peers list every node is started with, or the node alone without peers) or the metadata
 * image holds its registration, which only the controller makes and only for an admitted node. A
 * registered node must also claim the incarnation it registered with: the same id with another is
 * a node whose data directory was replaced. The peer transport admits streams by this rule and
 * the controller admits reports by it, so a stranger can neither join Raft groups nor get itself
 * registered (after which every node would dial the address it gave).
 *
 * This binds no identity to a connection: a client that knows a member's id and incarnation can
 * still pose as it. Binding identities to certificates is TLS's part (docs/operations.md).
 */
import type { MetadataImage } from '../metadata/index.js';
import { METADATA_GROUP } from '../metadata/index.js';
import type { ConfState, NodeId } from '../raft/index.js';
import { isMember } from '../raft/index.js';
import { clipped } from '../transport/index.js';
import type { Envelope, PeerVerdict } from '../transport/index.js';

/** What a node says it is: a peer's hello, or the `node` of a report to the controller. */
export interface NodeClaim {
  readonly nodeId: number;
  readonly clusterId: string;
  readonly incarnation: string;
}

/** The founding configuration's members: the configured peers, or the node alone when it has none. */
export function foundingMembers(selfId: NodeId, peers: readonly { readonly nodeId: NodeId }[]): ReadonlySet<NodeId> {
  return new Set(peers.length === 0 ? [selfId] : peers.map((peer) => peer.nodeId));
}

/** Whether `claim` is a member of the cluster the image describes, with its own data directory. */
export function admitNode(claim: NodeClaim, image: MetadataImage, founding: ReadonlySet<NodeId>): PeerVerdict {
  const id = claim.nodeId as NodeId;
  if (claim.clusterId !== image.clusterId) {
    return { ok: false, refusal: 'wrong-cluster', reason: `node ${id} belongs to cluster "${clipped(claim.clusterId)}", not "${image.clusterId}"` };
  }
  const known = image.nodes.get(id);
  if (known === undefined) {
    if (founding.has(id)) return { ok: true };
    return {
      ok: false,
      refusal: 'not-a-member',
      reason: `node ${id} is not a member: the founding configuration (${describeNodes(founding)}) does not name it and it is not registered`,
    };
  }
  if (known.incarnation === claim.incarnation) return { ok: true };
  // The registered incarnation stays out of the reason, which goes back to whoever claimed the id.
  return {
    ok: false,
    refusal: 'replaced-data',
    reason: `node ${id} rejoined with a replaced data directory (incarnation ${clipped(claim.incarnation)} is not the one it registered with)`,
  };
}

/** A few node ids listed, many counted: the reason goes into a refusal's status. */
function describeNodes(nodes: ReadonlySet<NodeId>): string {
  return nodes.size <= 8 ? `nodes ${[...nodes].join(', ')}` : `${nodes.size} nodes`;
}

/**
 * Whether `from` may send Raft messages about `group` here. Raft itself follows any sender: a
 * heartbeat at a higher term makes a follower of whoever sent it. A member is in the group's
 * membership as this node knows it, or among the partition's replicas in the image: either can
 * lag the other (a replica added while this one was behind is in the image first; one being
 * removed stays in the membership until the change commits), and dropping a real member's votes
 * or appends could leave the group without a leader. A group whose membership this node does not
 * know yet (a replica just added) takes any admitted peer, as only its leader can tell it its
 * membership. Every admitted node belongs to the metadata group.
 */
export function isGroupMember(group: number, from: NodeId, conf: ConfState | undefined, image: MetadataImage): boolean {
  if (group === METADATA_GROUP || conf === undefined) return true;
  if (conf.voters.length === 0 && conf.learners.length === 0) return true;
  return isMember(conf, from) || (replicasByGroup(image).get(group)?.includes(from) ?? false);
}

let indexed: { readonly image: MetadataImage; readonly replicas: ReadonlyMap<number, readonly NodeId[]> } | undefined;

/** The image's replicas of each partition group, indexed once per image. */
function replicasByGroup(image: MetadataImage): ReadonlyMap<number, readonly NodeId[]> {
  if (indexed?.image !== image) {
    const replicas = new Map<number, readonly NodeId[]>();
    for (const topic of image.topics.values()) for (const p of topic.partitions) replicas.set(p.group, p.replicas);
    indexed = { image, replicas };
  }
  return indexed.replicas;
}

/**
 * The envelopes from `from` about groups it is a member of (see isGroupMember); `onDropped` hears
 * of the rest. Runs on every frame, so the common case (all kept) allocates nothing.
 */
export function fromGroupMembers(
  from: NodeId,
  envelopes: readonly Envelope[],
  isMemberOf: (group: number, from: NodeId) => boolean,
  onDropped: (group: number) => void,
): readonly Envelope[] {
  let kept: Envelope[] | undefined;
  for (let i = 0; i < envelopes.length; i++) {
    const envelope = envelopes[i]!;
    if (isMemberOf(envelope.group, from)) {
      kept?.push(envelope);
      continue;
    }
    onDropped(envelope.group);
    kept ??= envelopes.slice(0, i);
  }
  return kept ?? envelopes;
}
