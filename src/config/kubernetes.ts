/**
 * Settings derived from a StatefulSet: pod `cairn-2` is node 3, and the
 * peers are the pods' stable names under the headless service.
 *
 *   CAIRN_NODE_ID_FROM_HOSTNAME=true
 *   CAIRN_PEER_DNS_TEMPLATE=cairn-{ordinal}.cairn-headless.ns.svc.cluster.local:7071
 *   CAIRN_REPLICAS=3
 */
import { ConfigError } from './errors.js';
import { FIELDS, positiveInteger } from './fields.js';
import type { FieldPath, FieldValue } from './fields.js';

export const KUBERNETES_ENV = ['CAIRN_NODE_ID_FROM_HOSTNAME', 'CAIRN_PEER_DNS_TEMPLATE', 'CAIRN_REPLICAS'] as const;

/** Bounds the peer list built from CAIRN_REPLICAS; far above any sensible cluster. */
const REPLICAS_MAX = 1_000;

export interface DerivedSetting<P extends FieldPath> {
  readonly path: P;
  readonly value: FieldValue<P>;
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function conflict(derivedBy: string, explicit: string, field: FieldPath): ConfigError {
  return new ConfigError(`${derivedBy}: conflicts with ${explicit}; set only one`, field, derivedBy);
}

export function nodeIdFromHostname(env: Env, hostname: () => string): DerivedSetting<'nodeId'> | undefined {
  const flag = env.CAIRN_NODE_ID_FROM_HOSTNAME;
  if (flag === undefined || flag === 'false') return undefined;
  const source = 'CAIRN_NODE_ID_FROM_HOSTNAME';
  if (flag !== 'true') throw new ConfigError(`${source}: expected true or false, got ${JSON.stringify(flag)}`, 'nodeId', source);
  if (env.CAIRN_NODE_ID !== undefined) throw conflict(source, 'CAIRN_NODE_ID', 'nodeId');
  const name = hostname().split('.')[0] ?? '';
  const ordinal = /-(0|[1-9][0-9]*)$/.exec(name)?.[1];
  const value = ordinal === undefined ? undefined : FIELDS.nodeId.kind.fromJson(Number(ordinal) + 1);
  if (value === undefined) {
    throw new ConfigError(`${source}: hostname ${JSON.stringify(name)} does not end in a StatefulSet ordinal like "cairn-0"`, 'nodeId', source);
  }
  return { path: 'nodeId', value, source: `${source} (hostname ${JSON.stringify(name)})` };
}

export function peersFromDnsTemplate(env: Env): DerivedSetting<'peers'> | undefined {
  const template = env.CAIRN_PEER_DNS_TEMPLATE;
  const replicasText = env.CAIRN_REPLICAS;
  if (template === undefined && replicasText === undefined) return undefined;
  if (template === undefined) throw new ConfigError('CAIRN_REPLICAS: needs CAIRN_PEER_DNS_TEMPLATE', 'peers', 'CAIRN_REPLICAS');
  const source = 'CAIRN_PEER_DNS_TEMPLATE';
  if (replicasText === undefined) throw new ConfigError(`${source}: needs CAIRN_REPLICAS`, 'peers', source);
  if (env.CAIRN_PEERS !== undefined) throw conflict(source, 'CAIRN_PEERS', 'peers');
  if (!template.includes('{ordinal}')) {
    throw new ConfigError(`${source}: expected a host:port containing {ordinal}, got ${JSON.stringify(template)}`, 'peers', source);
  }
  const replicas = positiveInteger.fromText(replicasText);
  if (replicas === undefined || replicas > REPLICAS_MAX) {
    throw new ConfigError(`CAIRN_REPLICAS: expected an integer from 1 to ${REPLICAS_MAX}, got ${JSON.stringify(replicasText)}`, 'peers', 'CAIRN_REPLICAS');
  }
  const entries = Array.from({ length: replicas }, (_, ordinal) => `${ordinal + 1}=${template.replaceAll('{ordinal}', String(ordinal))}`);
  const value = FIELDS.peers.kind.fromText(entries.join(','));
  if (value === undefined) {
    throw new ConfigError(`${source}: ${JSON.stringify(template)} does not give host:port addresses`, 'peers', source);
  }
  return { path: 'peers', value, source };
}
