/**
 * A Cairn node: storage, the peer transport, the multi-raft host with the
 * metadata group and the partitions assigned here, the controller (active on
 * the metadata leader), and the client, peer and HTTP servers.
 */
import type { PeerCertificate } from 'node:tls';
import { Server, type ServerUnaryCall } from '@grpc/grpc-js';
import { clusterService, dataService, groupsService, securityService } from '../protocol/proto.js';
import { GroupCoordinator, OFFSETS_TOPIC } from '../groups/group-coordinator.js';
import { imageTopicDirectory } from '../groups/topic-directory.js';
import type { NodeConfig } from '../config/index.js';
import type { NodeReport__Output } from '../gen/cairn/v1/cluster/NodeReport.js';
import { MultiRaftHost } from '../host/multi-raft-host.js';
import { ProposalError } from '../host/state-machine.js';
import type { GroupId, MetadataCommand } from '../metadata/index.js';
import { METADATA_GROUP, encodeCommand } from '../metadata/index.js';
import { Metrics, createLogger } from '../observability/index.js';
import { BrokerMetrics } from '../observability/broker-metrics.js';
import { instrumentService } from '../observability/rpc-metrics.js';
import type { LogIndex, NodeId } from '../raft/index.js';
import { Role, isMember } from '../raft/index.js';
import { NodeStorage } from '../storage/index.js';
import { PEER_SERVER_OPTIONS, PeerTransport, addPeerService } from '../transport/index.js';
import { clusterServiceHandlers, metadataCairnError, notControllerError } from './cluster-service.js';
import { clientSecurity } from './client-security.js';
import { ClusterView } from './cluster-view.js';
import { Controller } from './controller.js';
import { dataServiceHandlers } from './data-service.js';
import { CLIENT_SERVER_OPTIONS } from './request-limits.js';
import { groupServiceHandlers } from './group-service.js';
import { PartitionRegistry } from './partition-registry.js';
import { ProducerIdAllocator } from './producer-ids.js';
import { ControllerLink } from './controller-link.js';
import { startHttpServer } from './http-server.js';
import type { DrainResult, HttpRoute } from './http-server.js';
import { MetadataState } from './metadata-state.js';
import { handOverLeaderships } from './leadership-handover.js';
import { loadOrCreateIdentity } from './node-identity.js';
import { nodeReport } from './node-report.js';
import { admitNode, foundingMembers, fromGroupMembers, isGroupMember } from './peer-admission.js';
import { probeHealth } from './probe-health.js';
import { clusterProto } from './proto.js';
import { Reconciler } from './reconciler.js';
import { CommitMarks, ReadinessLog, controllerNotReady, groupNotReady, transportNotReady } from './readiness.js';
import { certificateClaimMismatch, nodeCredentials, notANodeCertificate } from './tls.js';
import { MetricsToken } from './http-security.js';
import { missingServerNodeFlags } from './heap-flags.js';
import { NodeMetricsSampler, countSnapshotsSent } from './node-metrics.js';

/** How often nodes report to the controller and the controller plans. */
const ROUND_MS = 1000;
/** How long a stopping node waits for its leaderships to move away. */
const HANDOVER_MS_MAX = 5000;

export interface RunningNode {
  readonly clientPort: number;
  readonly peerPort: number;
  readonly httpPort: number;
  stop(): Promise<void>;
}

/** What the process starting the node adds to it. */
export interface NodeExtensions {
  /** Served on the node's HTTP port beside its own paths (`cairn serve` mounts the web console, /ui). */
  readonly httpRoutes?: readonly HttpRoute[];
}

export async function startNode(config: NodeConfig, extensions: NodeExtensions = {}): Promise<RunningNode> {
  const logger = createLogger({ level: config.logLevel, nodeId: config.nodeId });
  const identity = await loadOrCreateIdentity(config.dataDir, config.nodeId, config.clusterId);
  const metrics = new Metrics({ defaultLabels: { node: String(config.nodeId) }, processMetrics: true });
  const broker = new BrokerMetrics(metrics, { perPartition: config.metrics.perPartition });
  const storage = await NodeStorage.open(
    { dataDir: config.dataDir, flushIntervalMs: config.writeCaching.flushIntervalMs },
    { onBatchWritten: (seconds, sync) => (sync ? broker.storageFsync : broker.storageWrite).observe(seconds) },
  );
  const creds = nodeCredentials(config.tls, {
    clusterId: config.clusterId,
    logger: logger.child({ component: 'tls' }),
    // The transport is built below; the peer server, whose calls this counts, only after it.
    onPeerRefused: (refusal) => transport.countRefusal(refusal),
  });
  const { certificates } = creds;
  if (certificates !== undefined) {
    const help = 'When the certificate this node presents expires, Unix time (renew before; docs/security.md)';
    const expiry = metrics.gauge('cairn_tls_certificate_expiry_timestamp_seconds', help, [], (): void => expiry.set(certificates.notAfterMs() / 1000));
    const reloads = metrics.gauge('cairn_tls_certificate_reloads', 'Renewed TLS files this node has taken up without a restart, since start', [], (): void =>
      reloads.set(certificates.reloadCount()),
    );
  }
  const groupsHosted = metrics.gauge('cairn_raft_groups', 'Raft groups hosted on this node');
  const groupsLed = metrics.gauge('cairn_raft_groups_led', 'Raft groups this node leads');
  const groupsQuiet = metrics.gauge('cairn_raft_groups_quiet', 'Raft groups hosted on this node that are quiet: idle, neither ticking nor heartbeating');
  const storageBatches = metrics.gauge('cairn_storage_batches_written', 'LevelDB batches written since start (one per loop turn with writes)');
  const storageSyncs = metrics.gauge('cairn_storage_syncs_written', 'Synced LevelDB batches (fsyncs) since start');
  const storageBytes = metrics.gauge('cairn_storage_bytes_written', 'Key and value bytes written since start');
  const metadata = new MetadataState(config.clusterId);
  const selfId = config.nodeId;
  const configuredPeers = new Map(config.peers.map((p) => [p.nodeId, p.address]));
  const peerAddress = (id: NodeId): string | undefined => configuredPeers.get(id) ?? metadata.image().nodes.get(id)?.peerAddress;
  const founding = foundingMembers(selfId, config.peers);
  const hellosRefused = metrics.gauge('cairn_peer_hellos_refused', 'Peer hellos refused since start, by reason (see docs/operations.md, "Peer admission")', ['refusal']);
  const peerMessagesDropped = metrics.counter('cairn_peer_messages_dropped_total', 'Raft messages from a peer dropped because it is not a member of their group');

  // The transport's handlers reach the host, which is built next; they only run once the peer server is bound.
  const transport = new PeerTransport({
    selfId,
    clusterId: config.clusterId,
    incarnation: identity.incarnation,
    peers: new Map([...configuredPeers].filter(([id]) => id !== selfId)),
    credentials: creds.peerChannel,
    channelOptions: creds.peerChannelOptions,
    logger: logger.child({ component: 'transport' }),
    acceptPeer: (hello) => admitNode(hello, metadata.image(), founding),
    // With TLS, a peer is the node its certificate names (docs/security.md, "Transport security").
    requireNodeCertificates: config.tls !== undefined,
    handlers: {
      onMessages: (from, envelopes) => host.receive(fromGroupMembers(from, envelopes, isMemberOf, () => peerMessagesDropped.inc())),
      onSnapshot: (from, group, message) => {
        broker.snapshotsReceived.inc();
        host.receive(fromGroupMembers(from, [{ group, message }], isMemberOf, () => peerMessagesDropped.inc()));
        return Promise.resolve();
      },
      onUnreachable: (to) => host.peerUnreachable(to),
    },
  });
  const host = new MultiRaftHost({
    nodeId: selfId,
    storage,
    transport: countSnapshotsSent(transport, broker),
    tickMs: config.tickMs,
    onCommitted: (seconds) => broker.raftCommitLatency.observe(seconds),
    raft: { electionTicks: config.electionTicks, heartbeatTicks: config.heartbeatTicks },
    onFatal: (error) => {
      // A failed write or apply breaks the promises this node made; restarting recovers from the log.
      logger.fatal({ err: error }, 'fatal error in the raft host; exiting');
      process.exit(70);
    },
    // The partition answers CORRUPT_STORAGE from then on; the node and its other groups go on.
    onGroupFailed: (group, error) => logger.error({ err: error, group }, 'a committed entry breaks the state machine: the group is stopped'),
  });

  const isMemberOf = (group: number, from: NodeId): boolean =>
    isGroupMember(group, from, host.group(group as GroupId)?.raw.basicStatus().conf, metadata.image());

  const metadataGroup = await host.createGroup(METADATA_GROUP, {
    stm: metadata,
    // The controller proposes every round anyway; ticking it always keeps failover of the metadata group independent of node liveness.
    quiesce: false,
    ...(config.metadataVoters.includes(selfId) && { bootstrapVoters: config.metadataVoters }),
  });
  const metadataStatus = () => metadataGroup.raw.status();
  const metadataLeader = (): NodeId | undefined => (metadataStatus().lead === 0 ? undefined : metadataStatus().lead);

  /** Proposes a metadata command on this node (the controller); resolves with the index it committed at. */
  const proposeMetadata = async (command: MetadataCommand): Promise<LogIndex> => {
    let committed;
    try {
      committed = await metadataGroup.propose(encodeCommand(command));
    } catch (error) {
      if (error instanceof ProposalError) {
        throw notControllerError(`metadata proposal failed: ${error.failure.reason}`, metadataLeader(), metadata.image());
      }
      throw error;
    }
    const result = metadata.resultAt(committed.index);
    if (result !== undefined && !result.ok) throw metadataCairnError(result.error);
    return committed.index;
  };

  const controller = new Controller({
    nodeDeadAfterMs: config.nodeDeadAfterMs,
    replicaMoveAfterMs: config.replicaMoveAfterMs,
    image: () => metadata.image(),
    propose: proposeMetadata,
    now: () => Date.now(),
    logger: logger.child({ component: 'controller' }),
    offsetsReplicationFactor: Math.min(3, Math.max(1, config.peers.length)),
    foundingMembers: founding,
    onReplicaMoved: () => broker.replicaMovesDone.inc(),
  });
  const view = new ClusterView(controller, () => metadata.image());
  const partitions = new PartitionRegistry(() => metadata.image(), storage, (group) => view.groupStatuses().get(group)?.leader, config.messageTimestamp, config.producerIdExpirationMs);
  const reconciler = new Reconciler({
    nodeId: selfId,
    host,
    image: () => metadata.image(),
    createStm: (topic) => partitions.createStm(topic.name),
    onHosted: (topic, partition, group) => partitions.add(topic.name, partition.partition, group),
    onRetired: (group) => partitions.remove(group),
    logger: logger.child({ component: 'reconciler' }),
  });
  const producerIds = new ProducerIdAllocator(async () => {
    if (!controller.active) throw notControllerError('producer ids are handed out by the controller', metadataLeader(), metadata.image());
    return proposeMetadata({ type: 'allocate-producer-ids' });
  });

  const self = {
    nodeId: selfId,
    clusterId: config.clusterId,
    incarnation: identity.incarnation,
    clientAddress: config.advertisedAddress,
    peerAddress: configuredPeers.get(selfId) ?? config.peerListenAddress,
    rack: config.rack ?? '',
    cores: config.cores,
    partitionsPerCore: config.partitionsPerCore,
  };
  let draining = false;
  const link = new ControllerLink({
    selfId,
    credentials: creds.peerChannel,
    channelOptions: creds.peerChannelOptions,
    ...(config.tls !== undefined && { answerProblem: (cert: PeerCertificate | undefined) => notANodeCertificate(cert, config.clusterId) }),
    controllerGuess: metadataLeader,
    peerAddress,
    seeds: () => [...new Set([...config.metadataVoters, ...configuredPeers.keys()])],
    localController: (report) => (controller.active ? controller.heartbeat(report as NodeReport__Output) : undefined),
    onReply: (reply) => {
      view.update(reply);
      for (const { group, to } of reply.transfers) host.group(group as never)?.transferLeadership(to as NodeId);
      void reconciler.retire(reply.retireGroups);
    },
    timeoutMs: ROUND_MS,
    logger: logger.child({ component: 'controller-link' }),
    now: () => Date.now(),
  });

  // Peers learn each other's addresses from the image as nodes register.
  metadata.onChange((image) => {
    const peers = new Map(configuredPeers);
    for (const node of image.nodes.values()) if (!peers.has(node.id)) peers.set(node.id, node.peerAddress);
    peers.delete(selfId);
    transport.setPeers(peers);
    partitions.refreshConfigs();
    void reconciler.reconcile();
  });

  const peerServer = new Server(PEER_SERVER_OPTIONS);
  addPeerService(peerServer, transport);
  peerServer.addService(clusterProto().cairn.v1.cluster.Controller.service, {
    Heartbeat: (call: ServerUnaryCall<NodeReport__Output, unknown>, callback: (e: null, r: unknown) => void) => {
      // A report speaks for the node its certificate names, not for whichever node it claims.
      const mismatch = config.tls === undefined ? undefined : certificateClaimMismatch(call, call.request.node?.nodeId, config.clusterId);
      if (mismatch !== undefined) return callback(null, { accepted: false, controllerHint: 0, error: mismatch });
      callback(null, controller.active ? controller.heartbeat(call.request) : { accepted: false, controllerHint: metadataLeader() ?? 0 });
    },
  });
  const peerPort = await bind(peerServer, config.peerListenAddress, creds.peerServer);

  const health = probeHealth();
  const notReadyReason = (): string | undefined => {
    if (link.refusal !== undefined) return link.refusal;
    if (metadataLeader() === undefined) return 'no metadata leader';
    const unheard = controllerNotReady(link.silentForMs(), config.nodeDeadAfterMs) ?? transportNotReady(transport.linkCounts());
    if (unheard !== undefined) return unheard;
    if (!metadata.image().nodes.has(selfId)) return 'not registered with the controller yet';
    for (const id of host.groupIds()) {
      const status = host.group(id)!.raw.status();
      const reason = groupNotReady(id, status, commitMarks.appliedFloor(id, status));
      if (reason !== undefined) return reason;
    }
    return undefined;
  };
  const commitMarks = new CommitMarks();
  const readinessLog = new ReadinessLog(logger);
  // Every client service is wrapped in the call guard: authentication, then the ACLs of src/security/rpc-permissions.ts.
  const security = clientSecurity({
    config,
    image: () => metadata.image(),
    requireController: () => {
      if (!controller.active) throw notControllerError('users and ACLs are managed by the controller', metadataLeader(), metadata.image());
    },
    propose: proposeMetadata,
    logger: logger.child({ component: 'security' }),
  });
  const clientServer = new Server(CLIENT_SERVER_OPTIONS);
  clientServer.addService(
    clusterService(),
    instrumentService('Cluster', security.guard.wrap('Cluster', clusterService(), clusterServiceHandlers({
      image: () => metadata.image(),
      view,
      controllerId: metadataLeader,
      isController: () => controller.active,
      propose: proposeMetadata,
      metadataVoters: () => new Set(metadataStatus().conf.voters),
      defaultReplicationFactor: () => Math.min(3, view.liveness().live.size || 1),
      defaultPartitions: 1,
      nodeTopicDefaults: partitions.nodeTopicDefaults,
    })), broker),
  );
  clientServer.addService(dataService(), instrumentService('Data', security.guard.wrap('Data', dataService(), dataServiceHandlers({ partitions, allocateProducerId: () => producerIds.next(), metrics: broker })), broker));
  const groupCoordinator = new GroupCoordinator({
    offsetsPartitions: () => metadata.image().topics.get(OFFSETS_TOPIC)?.partitions.length,
    leaderOfPartition: (topic, partition) => partitions.leaderOfPartition(topic, partition),
    counts: (topic) => metadata.image().topics.get(topic)?.partitions.length,
    topics: imageTopicDirectory(() => metadata.image()),
    nowMs: () => Date.now(),
    logger: logger.child({ component: 'groups' }),
  });
  clientServer.addService(
    groupsService(),
    instrumentService('Groups', security.guard.wrap('Groups', groupsService(), groupServiceHandlers({ coordinator: groupCoordinator, nodeId: selfId, advertisedAddress: config.advertisedAddress, nowMs: () => Date.now() })), broker),
  );
  clientServer.addService(securityService(), instrumentService('Security', security.guard.wrap('Security', securityService(), security.handlers), broker));
  const sampler = new NodeMetricsSampler(broker, {
    host,
    hosted: () => partitions.hosted(),
    image: () => metadata.image(),
    controllerActive: () => controller.active,
    groupStatuses: () => view.groupStatuses(),
    liveness: () => controller.liveness(),
    localGroups: () => groupCoordinator.localGroups(),
    storageStats: () => storage.stats(),
    dataDir: config.dataDir,
  });
  health.implementation.addToServer(clientServer);
  const clientPort = await bind(clientServer, config.listenAddress, creds.clientServer);
  /**
   * Hands every leadership to another in-sync voter, and keeps this node from being given any back
   * until it stops: it reports itself draining, and the controller prefers other replicas.
   */
  const drain = async (waitMsMax: number): Promise<DrainResult> => {
    const startMs = Date.now();
    draining = true;
    logger.info({ waitMsMax }, 'draining: handing every leadership to another replica');
    // The controller hears first, so it plans no transfer to this node while its leaderships move away.
    await link.report(nodeReport(self, host, { draining, wantsOffsetsTopic: groupCoordinator.wantsOffsetsTopic }, (group) => partitions.ofGroup(group)));
    const electionTimeoutMs = config.tickMs * config.electionTicks;
    const leading = await handOverLeaderships(host, { waitMsMax, quietMs: Math.max(ROUND_MS, electionTimeoutMs), retryMs: electionTimeoutMs });
    const result = { drained: leading.length === 0, leading, waitedMs: Date.now() - startMs };
    if (result.drained) logger.info(result, 'drained: this node leads no group');
    else logger.warn(result, 'drain bound passed while this node still leads groups');
    return result;
  };
  const httpSecurity = {
    ...(config.tls?.http === 'tls' && { certificates: creds.certificates }),
    ...(config.http.metricsTokenFile !== undefined && { metricsToken: new MetricsToken(config.http.metricsTokenFile) }),
  };
  const http = await startHttpServer(config.httpListenAddress, metrics, { ...httpSecurity, notReadyReason, drain, routes: extensions.httpRoutes });

  host.start();

  const round = async (): Promise<void> => {
    controller.setActive(metadataStatus().role === Role.Leader);
    await link.report(nodeReport(self, host, { draining, wantsOffsetsTopic: groupCoordinator.wantsOffsetsTopic }, (group) => partitions.ofGroup(group)));
    if (controller.active) {
      await controller.round();
      addMetadataLearner();
      await security.bootstrap().catch((error: unknown) => logger.warn({ err: error }, 'security bootstrap failed; retried next round'));
    }
    await reconciler.reconcile();
    commitMarks.mark(new Map(host.groupIds().map((id) => [id, host.group(id)!.raw.basicStatus().commit])));
    const reason = notReadyReason();
    readinessLog.observe(reason, Date.now());
    health.setReady(reason === undefined);
    const ids = host.groupIds();
    groupsHosted.set(ids.length);
    groupsLed.set(ids.filter((id) => host.group(id)?.isLeader() === true).length);
    groupsQuiet.set(host.quietGroupCount());
    const stats = storage.stats();
    storageBatches.set(stats.batchesWritten);
    storageSyncs.set(stats.syncsWritten);
    storageBytes.set(stats.bytesWritten);
    for (const [refusal, count] of Object.entries(transport.refusals())) hellosRefused.set({ refusal }, count);
    await sampler.sample(reason === undefined);
  };
  /** Registered nodes outside the metadata group join it as learners, one at a time, so every node holds the image. */
  const addMetadataLearner = (): void => {
    const conf = metadataStatus().conf;
    const missing = [...metadata.image().nodes.keys()].find((id) => !isMember(conf, id));
    if (missing === undefined) return;
    metadataGroup.proposeConfChange({ type: 'add-learner', node: missing }).catch(() => {});
  };
  let roundRunning = false;
  const roundTimer = setInterval(() => {
    if (roundRunning) return;
    roundRunning = true;
    round()
      .catch((error: unknown) => logger.warn({ err: error }, 'control round failed'))
      .finally(() => (roundRunning = false));
  }, ROUND_MS);

  logger.info({ clientPort, peerPort, httpPort: http.port, dataDir: config.dataDir, peers: config.peers.length }, 'cairn node started');
  const missingFlags = missingServerNodeFlags();
  if (missingFlags.length > 0) {
    logger.warn({ missingFlags }, 'node was started without its V8 flags: garbage collection will cost much of its CPU under load (see docs/operations.md)');
  }

  const stop = async (): Promise<void> => {
    await drain(HANDOVER_MS_MAX);
    clearInterval(roundTimer);
    groupCoordinator.close();
    security.close();
    host.stop();
    link.close();
    transport.close();
    clientServer.forceShutdown();
    peerServer.forceShutdown();
    creds.certificates?.close();
    await new Promise<void>((resolve) => http.server.close(() => resolve()));
    await storage.close();
    logger.info('cairn node stopped');
  };
  return { clientPort, peerPort, httpPort: http.port, stop };
}

function bind(server: Server, address: string, credentials: Parameters<Server['bindAsync']>[1]): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(address, credentials, (error, port) => (error === null ? resolve(port) : reject(error))));
}
