/**
 * deploy/k8s: every manifest is valid Kubernetes, and the pieces fit
 * together into pods the node accepts (see k8s-checks.ts for each check).
 * Each check is also shown to notice a manifest broken the way it guards
 * against, so none of them passes by looking at nothing.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { nodeCertificateUri } from '../../../src/transport/index.js';
import type { Deployment } from './k8s-checks.js';
import { CHECKS, K8S_DIR, loadDeployment, problemsOf } from './k8s-checks.js';

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
  ['ports', 'a readiness probe on the peer port', (c) => void (at(container(c), 'readinessProbe', 'httpGet').port = 'peer')],
  ['ports', 'a readiness probe asking for liveness', (c) => void (at(container(c), 'readinessProbe', 'httpGet').path = '/healthz')],
  ['ports', 'no liveness probe', (c) => void delete container(c).livenessProbe],
  ['envNames', 'a misspelt setting', (c) => void (configData(c).CAIRN_NODE_DEAD_MS = '10000')],
  ['podConfig', 'peers under another service', (c) => void (envValue(c, 'CAIRN_PEER_DNS_TEMPLATE').value = 'cairn-{ordinal}.cairn.$(POD_NAMESPACE).svc.cluster.local:7071')],
  ['podConfig', 'peers on the HTTP port', (c) => void (envValue(c, 'CAIRN_PEER_DNS_TEMPLATE').value = 'cairn-{ordinal}.cairn-headless.$(POD_NAMESPACE).svc.cluster.local:7072')],
  ['podConfig', 'service links, which put CAIRN_SERVICE_HOST in the pod', (c) => void delete podSpec(c).enableServiceLinks],
  ['podConfig', 'data outside the claimed volume', (c) => void (configData(c).CAIRN_DATA_DIR = '/data')],
  ['podConfig', 'the admission limit counting the CPU request rather than the limit', (c) => void (at(envValue(c, 'CAIRN_CORES'), 'valueFrom', 'resourceFieldRef').resource = 'requests.cpu')],
  ['podConfig', 'envFrom a ConfigMap that does not exist', (c) => void (at(container(c), 'envFrom', 0, 'configMapRef').name = 'cairn-settings')],
  ['replicaCount', 'a StatefulSet scaled without CAIRN_REPLICAS', (c) => void (at(find(c, 'StatefulSet'), 'spec').replicas = 5)],
  ['replicaCount', 'metadata voters left to default to every peer', (c) => void delete configData(c).CAIRN_METADATA_VOTERS],
  ['preStop', 'a shell the image does not have', (c) => void (at(container(c), 'lifecycle', 'preStop', 'exec').command = ['sh', '-c', 'cairn node drain'])],
  ['preStop', 'a misspelt command', (c) => void (at(container(c), 'lifecycle', 'preStop', 'exec').command = ['node', '/app/dist/src/cli/main.js', 'node', 'drian'])],
  ['preStop', 'a drain longer than the grace period allows', (c) => void (podSpec(c).terminationGracePeriodSeconds = 30)],
  ['podPolicy', 'pods started one at a time', (c) => void (at(find(c, 'StatefulSet'), 'spec').podManagementPolicy = 'OrderedReady')],
  ['podPolicy', 'root', (c) => void (at(podSpec(c), 'securityContext').runAsUser = 0)],
  ['podPolicy', 'no memory limit', (c) => void delete at(container(c), 'resources', 'limits').memory],
  ['security', 'the third node\'s certificate not mounted', (c) => {
    const projected = at((podSpec(c).volumes as Json[]).find((v) => v.name === 'tls')!, 'projected');
    projected.sources = (projected.sources as Json[]).slice(0, 2);
  }],
  ['security', 'every node given the first node\'s certificate', (c) => void (configData(c).CAIRN_TLS_CERT_FILE = '/etc/cairn/tls/node-1.crt')],
  ['security', 'authorization off', (c) => void (configData(c).CAIRN_AUTH_AUTHORIZATION = 'false')],
  ['security', 'the bootstrap password outside its Secret', (c) => void (configData(c).CAIRN_AUTH_BOOTSTRAP_PASSWORD_FILE = '/etc/cairn/password')],
  ['security', 'a gRPC probe, which cannot speak TLS', (c) => void (container(c).livenessProbe = { grpc: { port: 7070, service: 'cairn.v1.Liveness' } })],
  ['security', 'a probe speaking plain HTTP to the HTTPS port', (c) => void delete at(container(c), 'readinessProbe', 'httpGet').scheme],
  ['security', 'a drain without the CA', (c) => void (at(container(c), 'lifecycle', 'preStop', 'exec').command = ['node', '/app/dist/src/cli/main.js', 'node', 'drain', '--timeout-ms', '30000'])],
  ['security', 'the HTTP port in clear', (c) => void delete configData(c).CAIRN_TLS_HTTP],
  ['security', 'TLS off', (c) => void ['CAIRN_TLS_CA_FILE', 'CAIRN_TLS_CERT_FILE', 'CAIRN_TLS_KEY_FILE', 'CAIRN_TLS_CLIENT_CERTIFICATES'].forEach((k) => delete configData(c)[k])],
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

describe('the certificates and secrets beside deploy/k8s', () => {
  const parseAll = (file: string): Json[] => parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((d) => d.toJS() as Json);
  const volumes = podSpec(deployment).volumes as Json[];
  /** Secret name → the keys the StatefulSet mounts from it. */
  const mountedSecrets = new Map<string, string[]>();
  for (const volume of volumes) {
    const sources = volume.secret !== undefined
      ? [{ name: (volume.secret as Json).secretName, items: (volume.secret as Json).items }]
      : (((volume.projected as Json | undefined)?.sources as Json[] | undefined) ?? []).map((s) => s.secret as Json);
    for (const source of sources) mountedSecrets.set(source.name as string, ((source.items as Json[]) ?? []).map((i) => i.key as string));
  }
  const replicas = at(find(deployment, 'StatefulSet'), 'spec').replicas as number;
  const clusterId = configData(deployment).CAIRN_CLUSTER_ID as string;

  it('cert-manager gives each node a node certificate naming it, in the Secret its pod mounts', () => {
    const certificates = parseAll('components/cert-manager/certificates.yaml').filter((o) => o.kind === 'Certificate');
    expect(certificates).toHaveLength(replicas);
    for (let id = 1; id <= replicas; id++) {
      const spec = at(certificates.find((c) => at(c, 'metadata').name === `cairn-node-${id}`)!, 'spec');
      expect(spec.uris).toEqual([nodeCertificateUri(clusterId, id)]);
      expect(spec.usages).toEqual(expect.arrayContaining(['server auth', 'client auth']));
      expect(mountedSecrets.has(spec.secretName as string)).toBe(true);
      expect(spec.dnsNames).toEqual(expect.arrayContaining([`cairn-${id - 1}.cairn-headless.default.svc.cluster.local`, 'localhost']));
      expect(spec.ipAddresses).toEqual(['127.0.0.1']);
    }
    const kustomization = parseAll('components/cert-manager/kustomization.yaml')[0]!;
    expect(kustomization.resources).toEqual(['issuer.yaml', 'certificates.yaml']);
  });

  it('scripts/k8s-secrets.sh writes every Secret the StatefulSet mounts, each node certificate naming its node', () => {
    const out = mkdtempSync(join(tmpdir(), 'cairn-k8s-secrets-'));
    try {
      execFileSync(join(K8S_DIR, '../../scripts/k8s-secrets.sh'), ['prod', String(replicas), out], { stdio: 'ignore' });
      const secrets = parseAll(relative(K8S_DIR, join(out, 'secrets.yaml')));
      expect(new Set(secrets.map((s) => at(s, 'metadata').name))).toEqual(new Set(mountedSecrets.keys()));
      for (const secret of secrets) {
        const keys = Object.keys(secret.data as Json);
        expect(keys).toEqual(expect.arrayContaining(mountedSecrets.get(at(secret, 'metadata').name as string)!));
      }
      for (let id = 1; id <= replicas; id++) {
        const data = at(secrets.find((s) => at(s, 'metadata').name === `cairn-node-${id}-tls`)!, 'data');
        const cert = new X509Certificate(Buffer.from(data['tls.crt'] as string, 'base64'));
        expect(cert.subjectAltName).toContain(`URI:${nodeCertificateUri(clusterId, id)}`);
        expect(cert.subjectAltName).toContain(`DNS:cairn-${id - 1}.cairn-headless.prod.svc.cluster.local`);
        // The ServiceMonitor checks the name localhost; the preStop drain connects to 127.0.0.1.
        expect(cert.checkHost('localhost')).toBe('localhost');
        expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
        expect(cert.checkPrivateKey(createPrivateKey(Buffer.from(data['tls.key'] as string, 'base64')))).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 30_000);

  it('the ServiceMonitor sends the /metrics token from the Secret the nodes read it from', () => {
    const monitor = parseAll('components/monitoring/servicemonitor.yaml')[0]!;
    const endpoint = (at(monitor, 'spec').endpoints as Json[])[0]!;
    const token = endpoint.bearerTokenSecret as Json;
    expect(mountedSecrets.get(token.name as string)).toEqual([token.key]);
    // Over HTTPS, checked against the nodes' CA under a name every node certificate carries.
    expect(endpoint.scheme).toBe('https');
    const ca = at(endpoint, 'tlsConfig', 'ca', 'secret');
    expect(mountedSecrets.get(ca.name as string)).toContain(ca.key);
    expect(at(endpoint, 'tlsConfig').serverName).toBe('localhost');
  });
});
