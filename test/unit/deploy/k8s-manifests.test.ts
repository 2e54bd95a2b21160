/**
 * deploy/k8s: every manifest is valid Kubernetes, and the pieces fit
 * together into pods the node accepts (see k8s-checks.ts for each check).
 * Each check is also shown to notice a manifest broken the way it guards
 * against, so none of them passes by looking at nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment } from './k8s-checks.js';
import { CHECKS, loadDeployment, problemsOf } from './k8s-checks.js';

const deployment = loadDeployment();

type Json = Record<string, unknown>;
/** The one object of `kind` in a copy of the manifests. */
const find = (copy: Deployment, kind: string, name?: string): Json => {
  const found = copy.manifests.find((m) => m.object.kind === kind && (name === undefined || (m.object.metadata as Json).name === name));
  if (found === undefined) throw new Error(`no ${kind} ${name ?? ''}`);
  return found.object;
};
/** Walks a path of keys and indexes into an object. */
const at = (object: Json, ...path: (string | number)[]): Json => path.reduce<Json>((node, key) => node[key] as Json, object);
const podSpec = (copy: Deployment): Json => at(find(copy, 'StatefulSet'), 'spec', 'template', 'spec');
const container = (copy: Deployment): Json => at(podSpec(copy), 'containers', 0);
const configData = (copy: Deployment): Json => at(find(copy, 'ConfigMap'), 'data');
const envValue = (copy: Deployment, name: string): Json => (container(copy).env as Json[]).find((v) => v.name === name)!;

/** For each check, manifests broken the way it guards against, which it must notice. */
const BREAKS: [check: keyof typeof CHECKS, what: string, breakIt: (copy: Deployment) => void][] = [
  ['schema', 'a container port that is not a number', (c) => void (at(container(c), 'ports', 0).containerPort = 'client')],
  ['schema', 'a ConfigMap value that is not a string', (c) => void (configData(c).CAIRN_REPLICAS = 3)],
  ['fieldNames', 'a misspelt probe', (c) => void (container(c).readinesProbe = container(c).readinessProbe)],
  ['fieldNames', 'a misspelt field of the headless service', (c) => void (at(find(c, 'Service', 'cairn-headless'), 'spec').publishNotReadyAddress = true)],
  ['kustomization', 'a manifest left out of kustomization.yaml', (c) => void (c.kustomization.resources = (c.kustomization.resources as string[]).slice(1))],
  ['kustomization', 'a resource that is not there', (c) => void (c.kustomization.resources as string[]).push('ingress.yaml')],
  ['headlessService', 'serviceName naming the client service', (c) => void (at(find(c, 'StatefulSet'), 'spec').serviceName = 'cairn')],
  ['headlessService', 'peers hidden until ready', (c) => void (at(find(c, 'Service', 'cairn-headless'), 'spec').publishNotReadyAddresses = false)],
  ['selectors', 'a client service selecting other pods', (c) => void (at(find(c, 'Service', 'cairn'), 'spec').selector = { 'app.kubernetes.io/name': 'kairn' })],
  ['selectors', 'a disruption budget selecting nothing', (c) => void (at(find(c, 'PodDisruptionBudget'), 'spec', 'selector').matchLabels = {})],
  ['ports', 'a service target port no container has', (c) => void (at(find(c, 'Service', 'cairn'), 'spec', 'ports', 0).targetPort = 'clients')],
  ['ports', 'a readiness probe on the peer port', (c) => void (at(container(c), 'readinessProbe', 'grpc').port = 7071)],
  ['ports', 'a readiness probe asking the liveness service', (c) => void (at(container(c), 'readinessProbe', 'grpc').service = 'cairn.v1.Liveness')],
  ['ports', 'no liveness probe', (c) => void delete container(c).livenessProbe],
  ['envNames', 'a misspelt setting', (c) => void (configData(c).CAIRN_NODE_DEAD_MS = '10000')],
  ['podConfig', 'peers under another service', (c) => void (envValue(c, 'CAIRN_PEER_DNS_TEMPLATE').value = 'cairn-{ordinal}.cairn.$(POD_NAMESPACE).svc.cluster.local:7071')],
  ['podConfig', 'peers on the HTTP port', (c) => void (envValue(c, 'CAIRN_PEER_DNS_TEMPLATE').value = 'cairn-{ordinal}.cairn-headless.$(POD_NAMESPACE).svc.cluster.local:7072')],
  ['podConfig', 'service links, which put CAIRN_SERVICE_HOST in the pod', (c) => void delete podSpec(c).enableServiceLinks],
  ['podConfig', 'data outside the claimed volume', (c) => void (configData(c).CAIRN_DATA_DIR = '/data')],
  ['podConfig', 'envFrom a ConfigMap that does not exist', (c) => void (at(container(c), 'envFrom', 0, 'configMapRef').name = 'cairn-settings')],
  ['replicaCount', 'a StatefulSet scaled without CAIRN_REPLICAS', (c) => void (at(find(c, 'StatefulSet'), 'spec').replicas = 5)],
  ['replicaCount', 'metadata voters left to default to every peer', (c) => void delete configData(c).CAIRN_METADATA_VOTERS],
  ['preStop', 'a shell the image does not have', (c) => void (at(container(c), 'lifecycle', 'preStop', 'exec').command = ['sh', '-c', 'cairn node drain'])],
  ['preStop', 'a misspelt command', (c) => void (at(container(c), 'lifecycle', 'preStop', 'exec').command = ['node', '/app/dist/src/cli/main.js', 'node', 'drian'])],
  ['preStop', 'a drain longer than the grace period allows', (c) => void (podSpec(c).terminationGracePeriodSeconds = 30)],
  ['podPolicy', 'pods started one at a time', (c) => void (at(find(c, 'StatefulSet'), 'spec').podManagementPolicy = 'OrderedReady')],
  ['podPolicy', 'root', (c) => void (at(podSpec(c), 'securityContext').runAsUser = 0)],
  ['podPolicy', 'no memory limit', (c) => void delete at(container(c), 'resources', 'limits').memory],
];

describe('the Kubernetes manifests in deploy/k8s', () => {
  it.each(Object.entries(CHECKS))('pass the %s check', (_, check) => {
    expect(problemsOf(check, deployment)).toEqual([]);
  });

  it.each(BREAKS)('%s notices %s', (check, _, breakIt) => {
    const copy = structuredClone(deployment);
    breakIt(copy);
    expect(problemsOf(CHECKS[check]!, copy)).not.toEqual([]);
  });

  it('has a break for every check', () => {
    expect(new Set(BREAKS.map(([check]) => check))).toEqual(new Set(Object.keys(CHECKS)));
  });
});
