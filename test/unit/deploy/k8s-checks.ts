/**
 * The Kubernetes manifests of deploy/k8s and the checks they must pass: each
 * is valid against Kubernetes' schema and names no field Kubernetes does not
 * know, and the pieces fit together (services, selectors, ports, probes, the
 * ConfigMap, the preStop hook) and give every pod a configuration the node
 * accepts. Each check returns its problems, so a test can also break a copy
 * of the manifests and see the check notice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StatefulSet, type IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { parseCommandArgs, positiveIntegerFlag } from '../../../src/cli/args.js';
import { COMMANDS } from '../../../src/cli/run.js';
import { nodeDrain } from '../../../src/cli/node.js';
import { envName, FIELD_PATHS } from '../../../src/config/fields.js';
import { loadNodeConfig } from '../../../src/config/index.js';
import { KUBERNETES_ENV } from '../../../src/config/kubernetes.js';
import { LIVENESS_SERVICE, READINESS_SERVICE } from '../../../src/server/probe-health.js';

export const K8S_DIR = join(import.meta.dirname, '../../../deploy/k8s');
/** The image's entrypoint script (deploy/docker/Dockerfile); the image has no shell. */
const IMAGE_CLI = '/app/dist/src/cli/main.js';
/** The user the image runs as. */
const IMAGE_UID = 10001;
/** The namespace the pods are imagined in. */
const NAMESPACE = 'prod';
/** Of terminationGracePeriodSeconds, what the preStop drain must leave for SIGTERM's own handover (5 s) and shutdown. */
const AFTER_DRAIN_MS_MIN = 15_000;

type Json = Record<string, unknown>;

export interface Deployment {
  /** The YAML files beside kustomization.yaml. */
  readonly files: string[];
  readonly kustomization: Json;
  readonly manifests: { readonly file: string; readonly object: Json }[];
}

export function loadDeployment(dir = K8S_DIR): Deployment {
  const parse = (file: string): Json[] =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
      return document.toJS() as Json;
    });
  const files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml').sort();
  const [kustomization] = parse('kustomization.yaml');
  return { files, kustomization: kustomization ?? {}, manifests: files.flatMap((file) => parse(file).map((object) => ({ file, object }))) };
}

// --- views ---

const ofKind = <T>(deployment: Deployment, kind: string): T[] =>
  deployment.manifests.filter((m) => m.object.kind === kind).map((m) => m.object as T);

function theStatefulSet(deployment: Deployment): IStatefulSet & { spec: NonNullable<IStatefulSet['spec']> } {
  const sets = ofKind<IStatefulSet>(deployment, 'StatefulSet');
  if (sets.length !== 1 || sets[0]?.spec === undefined) throw new Error(`expected one StatefulSet with a spec, found ${sets.length}`);
  return sets[0] as IStatefulSet & { spec: NonNullable<IStatefulSet['spec']> };
}

function theContainer(deployment: Deployment): IContainer {
  const containers = theStatefulSet(deployment).spec.template.spec?.containers ?? [];
  if (containers.length !== 1) throw new Error(`expected one container in the pod, found ${containers.length}`);
  return containers[0]!;
}

const podLabels = (deployment: Deployment): Record<string, string> => theStatefulSet(deployment).spec.template.metadata?.labels ?? {};

/** Problems when `selector` is empty or names a label the pods do not carry. */
function selects(what: string, selector: Record<string, string> | undefined, labels: Record<string, string>): string[] {
  if (selector === undefined || Object.keys(selector).length === 0) return [`${what}: selects nothing`];
  return Object.entries(selector).filter(([key, value]) => labels[key] !== value).map(([key, value]) => `${what}: ${key}=${value} is not a pod label`);
}

function containerPort(container: IContainer, name: string): number {
  const port = container.ports?.find((p) => p.name === name)?.containerPort;
  if (port === undefined) throw new Error(`the container has no port named ${name}`);
  return port;
}

const hasPort = (container: IContainer, port: number | string): boolean =>
  (container.ports ?? []).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));

const CPU_RESOURCES: ReadonlySet<string> = new Set(['limits.cpu', 'requests.cpu']);

/** The container's CPU limit or request as a quantity (`2`, `500m`). */
function cpuOf(container: IContainer, resource: string): string | number | undefined {
  const [kind] = resource.split('.');
  return (kind === 'limits' ? container.resources?.limits : container.resources?.requests)?.cpu;
}

/** A CPU quantity as Kubernetes hands it to a resourceFieldRef of divisor 1: whole cores, rounded up. */
function wholeCores(quantity: string | number | undefined): number {
  const text = String(quantity ?? '');
  const cores = text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
  if (!Number.isFinite(cores) || cores <= 0) throw new Error(`CPU quantity ${JSON.stringify(quantity)} is not understood here`);
  return Math.ceil(cores);
}

/** The environment Kubernetes gives the container of pod `ordinal`: service links, envFrom, then env with $(VAR) references expanded. */
function podEnv(deployment: Deployment, ordinal: number): Record<string, string> {
  const set = theStatefulSet(deployment);
  const podName = `${set.metadata?.name}-${ordinal}`;
  const env: Record<string, string> = {};
  if (set.spec.template.spec?.enableServiceLinks !== false) {
    for (const service of ofKind<IService>(deployment, 'Service')) {
      const prefix = (service.metadata?.name ?? '').toUpperCase().replaceAll('-', '_');
      const port = service.spec?.ports?.[0]?.port ?? 0;
      Object.assign(env, { [`${prefix}_SERVICE_HOST`]: '10.96.0.10', [`${prefix}_SERVICE_PORT`]: String(port), [`${prefix}_PORT`]: `tcp://10.96.0.10:${port}` });
    }
  }
  const container = theContainer(deployment);
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const configMap = ofKind<IConfigMap>(deployment, 'ConfigMap').find((c) => c.metadata?.name === name);
    if (configMap === undefined) throw new Error(`envFrom: no ConfigMap named ${name}`);
    for (const [key, value] of Object.entries(configMap.data ?? {})) env[`${source.prefix ?? ''}${key}`] = value;
  }
  const fields: Record<string, string> = { 'metadata.namespace': NAMESPACE, 'metadata.name': podName };
  for (const variable of container.env ?? []) {
    const fieldPath = variable.valueFrom?.fieldRef?.fieldPath;
    const resource = variable.valueFrom?.resourceFieldRef;
    if (variable.value !== undefined) {
      env[variable.name] = variable.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
    } else if (fieldPath !== undefined && fields[fieldPath] !== undefined) {
      env[variable.name] = fields[fieldPath];
    } else if (resource !== undefined && resource.containerName === container.name && resource.divisor === undefined && CPU_RESOURCES.has(resource.resource)) {
      env[variable.name] = String(wholeCores(cpuOf(container, resource.resource)));
    } else {
      throw new Error(`env ${variable.name}: only values, the fields ${Object.keys(fields).join(', ')} and this container's CPU are understood here`);
    }
  }
  return env;
}

// --- checks ---

export type Check = (deployment: Deployment) => string[];

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};
/** The TypeScript declaration of each model, for the check of field names. */
const TYPES: Record<string, [module: string, type: string]> = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'IConfigMap'],
  'v1/Service': ['kubernetes-models/v1/Service', 'IService'],
  'apps/v1/StatefulSet': ['kubernetes-models/apps/v1/StatefulSet', 'IStatefulSet'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
};
const modelKey = (object: Json): string => `${String(object.apiVersion)}/${String(object.kind)}`;

/** Every manifest is a kind we know, valid against Kubernetes' OpenAPI schema. */
const schema: Check = (deployment) =>
  deployment.manifests.flatMap(({ file, object }) => {
    const Model = MODELS[modelKey(object)];
    if (Model === undefined) return [`${file}: unexpected ${modelKey(object)}`];
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      return [`${file}: ${(error as Error).message}`];
    }
  });

/**
 * No field Kubernetes does not know: its schema allows them, and a misspelt
 * `readinessProbe` would silently be no probe (`kubectl apply` in strict
 * mode refuses them). Each manifest is type-checked as an object literal of
 * its model's declared type, whose excess-property check finds them.
 */
const fieldNames: Check = (deployment) => {
  const known = deployment.manifests.filter(({ object }) => TYPES[modelKey(object)] !== undefined);
  const lines = known.map(({ object }, i) => {
    const [module, type] = TYPES[modelKey(object)]!;
    return `export const m${i}: import('${module}').${type} = ${JSON.stringify(object)};`;
  });
  const file = join(K8S_DIR, '__manifests__.ts');
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile.call(host, name, version, ...rest));
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file === undefined || diagnostic.start === undefined ? -1 : diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    const where = known[line]?.file ?? '(manifests)';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
};

/** kustomization.yaml lists exactly the manifest files. */
const kustomization: Check = ({ kustomization: k, files }) => {
  const problems = k.kind === 'Kustomization' ? [] : ['kustomization.yaml: kind is not Kustomization'];
  const resources = Array.isArray(k.resources) ? (k.resources as string[]) : [];
  problems.push(...files.filter((f) => !resources.includes(f)).map((f) => `kustomization.yaml: ${f} is not listed`));
  problems.push(...resources.filter((r) => !files.includes(r)).map((r) => `kustomization.yaml: ${r} is not a manifest here`));
  return problems;
};

/** StatefulSet.serviceName is a headless service that publishes pods before they are ready (peers must find each other to become ready). */
const headlessService: Check = (deployment) => {
  const name = theStatefulSet(deployment).spec.serviceName;
  const service = ofKind<IService>(deployment, 'Service').find((s) => s.metadata?.name === name);
  if (service === undefined) return [`serviceName ${name}: no such Service`];
  const problems: string[] = [];
  if (service.spec?.clusterIP !== 'None') problems.push(`Service ${name}: not headless (clusterIP: None)`);
  if (service.spec?.publishNotReadyAddresses !== true) problems.push(`Service ${name}: does not publish addresses of pods not ready yet`);
  return problems;
};

/** The StatefulSet, every Service, the PodDisruptionBudget and the anti-affinity select the pods by labels they carry. */
const selectors: Check = (deployment) => {
  const labels = podLabels(deployment);
  const set = theStatefulSet(deployment);
  const affinity = set.spec.template.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return [
    ...selects('StatefulSet selector', set.spec.selector.matchLabels, labels),
    ...ofKind<IService>(deployment, 'Service').flatMap((s) => selects(`Service ${s.metadata?.name}`, s.spec?.selector, labels)),
    ...ofKind<IPodDisruptionBudget>(deployment, 'PodDisruptionBudget').flatMap((p) => selects(`PodDisruptionBudget ${p.metadata?.name}`, p.spec?.selector?.matchLabels, labels)),
    ...affinity.flatMap((term) => selects('podAntiAffinity', term.podAffinityTerm.labelSelector?.matchLabels, labels)),
  ];
};

/** Service target ports and probes reach container ports; the gRPC probes ask the health services the node serves on its client port. */
const ports: Check = (deployment) => {
  const container = theContainer(deployment);
  const problems = ofKind<IService>(deployment, 'Service').flatMap((service) =>
    (service.spec?.ports ?? [])
      .filter((p) => !hasPort(container, p.targetPort ?? p.port))
      .map((p) => `Service ${service.metadata?.name}: targetPort ${p.targetPort ?? p.port} is no container port`),
  );
  const clientPort = containerPort(container, 'client');
  const probes: [string, IProbe | undefined, string, string][] = [
    ['startupProbe', container.startupProbe, LIVENESS_SERVICE, '/healthz'],
    ['livenessProbe', container.livenessProbe, LIVENESS_SERVICE, '/healthz'],
    ['readinessProbe', container.readinessProbe, READINESS_SERVICE, '/readyz'],
  ];
  for (const [name, probe, service, path] of probes) {
    if (probe?.grpc !== undefined) {
      if (probe.grpc.port !== clientPort) problems.push(`${name}: gRPC port ${probe.grpc.port} is not the client port ${clientPort}`);
      if (probe.grpc.service !== service) problems.push(`${name}: asks for ${probe.grpc.service}, expected ${service}`);
    } else if (probe?.httpGet !== undefined) {
      const httpPort = containerPort(container, 'http');
      if (probe.httpGet.port !== 'http' && probe.httpGet.port !== httpPort) problems.push(`${name}: HTTP port ${probe.httpGet.port} is not the node's HTTP port ${httpPort}`);
      if (probe.httpGet.path !== path) problems.push(`${name}: path ${probe.httpGet.path}, expected ${path}`);
    } else {
      problems.push(`${name}: missing, or neither gRPC nor HTTP`);
    }
  }
  return problems;
};

/** Every CAIRN_ variable the manifests set is one the node reads: a config field or a Kubernetes derivation. */
const envNames: Check = (deployment) => {
  const accepted = new Set<string>([...FIELD_PATHS.map(envName), ...KUBERNETES_ENV]);
  const names = [
    ...ofKind<IConfigMap>(deployment, 'ConfigMap').flatMap((c) => Object.keys(c.data ?? {}).map((key) => [`ConfigMap ${c.metadata?.name}`, key])),
    ...(theContainer(deployment).env ?? []).map((v) => ['container env', v.name]),
  ];
  return names.filter(([, name]) => name!.startsWith('CAIRN_') && !accepted.has(name!)).map(([where, name]) => `${where}: ${name} is not a setting of the node`);
};

/**
 * Each pod's environment, as Kubernetes builds it, is a configuration the
 * node accepts, and it makes pod cairn-N node N+1 with every pod as a peer
 * at its name under the headless service and the peer port, a name clients
 * in any namespace resolve; the node listens on the container's ports and
 * keeps its data on the claimed volume.
 */
const podConfig: Check = (deployment) => {
  const set = theStatefulSet(deployment);
  const container = theContainer(deployment);
  const replicas = set.spec.replicas ?? 1;
  const claimed = new Set((set.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name));
  const dataMounts = (container.volumeMounts ?? []).filter((m) => claimed.has(m.name)).map((m) => m.mountPath);
  const port = (address: string): number => Number(address.slice(address.lastIndexOf(':') + 1));
  const problems: string[] = [];
  for (let ordinal = 0; ordinal < replicas; ordinal++) {
    const pod = `${set.metadata?.name}-${ordinal}`;
    let config;
    try {
      config = loadNodeConfig({ env: podEnv(deployment, ordinal), hostname: () => pod });
    } catch (error) {
      problems.push(`pod ${pod}: ${(error as Error).message}`);
      continue;
    }
    const podHost = (i: number): string => `${set.metadata?.name}-${i}.${set.spec.serviceName}.${NAMESPACE}.svc.cluster.local`;
    const expectedPeers = Array.from({ length: replicas }, (_, i) => `${podHost(i)}:${containerPort(container, 'peer')}`);
    const facts: [string, unknown, unknown][] = [
      ['node id', config.nodeId, ordinal + 1],
      ['address given to clients', config.advertisedAddress, `${podHost(ordinal)}:${containerPort(container, 'client')}`],
      ['peers', config.peers.map((p) => p.address), expectedPeers],
      ['peer ids', config.peers.map((p) => p.nodeId), expectedPeers.map((_, i) => i + 1)],
      ['client port', port(config.listenAddress), containerPort(container, 'client')],
      ['peer port', port(config.peerListenAddress), containerPort(container, 'peer')],
      ['HTTP port', port(config.httpListenAddress), containerPort(container, 'http')],
      ['data on a claimed volume', dataMounts.includes(config.dataDir), true],
      // Node.js sees the machine's cores; the admission limit must count what the container may use.
      ['cores counted for the admission limit', config.cores, wholeCores(container.resources?.limits?.cpu)],
    ];
    for (const [what, actual, expected] of facts) {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`pod ${pod}: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  }
  return problems;
};

/** CAIRN_REPLICAS is the StatefulSet's size, and the metadata voters are pinned (1, 3 or 5 of them), so pods added later join as learners. */
const replicaCount: Check = (deployment) => {
  const env = podEnv(deployment, 0);
  const replicas = theStatefulSet(deployment).spec.replicas ?? 1;
  const problems = env.CAIRN_REPLICAS === String(replicas) ? [] : [`CAIRN_REPLICAS is ${env.CAIRN_REPLICAS}, the StatefulSet has ${replicas} replicas`];
  const voters = env.CAIRN_METADATA_VOTERS?.split(',') ?? [];
  if (![1, 3, 5].includes(voters.length)) problems.push(`CAIRN_METADATA_VOTERS: expected 1, 3 or 5 node ids, got ${JSON.stringify(env.CAIRN_METADATA_VOTERS)}`);
  return problems;
};

/** The preStop hook runs `cairn node drain` with the image's node (no shell), and leaves time in the grace period for SIGTERM's handover. */
const preStop: Check = (deployment) => {
  const command = theContainer(deployment).lifecycle?.preStop?.exec?.command ?? [];
  const [program, script, ...argv] = command;
  if (program !== 'node' || script !== IMAGE_CLI) return [`preStop: expected node ${IMAGE_CLI} …, got ${JSON.stringify(command)}`];
  const cairnCommand = COMMANDS.find((c) => argv.slice(0, c.name.split(' ').length).join(' ') === c.name);
  if (cairnCommand !== nodeDrain) return [`preStop: runs ${cairnCommand?.name ?? JSON.stringify(argv)}, not ${nodeDrain.name}`];
  let timeoutMs;
  try {
    const flags = parseCommandArgs(argv.slice(nodeDrain.name.split(' ').length), nodeDrain.flags).flags as { 'timeout-ms'?: string };
    timeoutMs = positiveIntegerFlag('timeout-ms', flags['timeout-ms']);
  } catch (error) {
    return [`preStop: ${(error as Error).message}`];
  }
  const graceMs = (theStatefulSet(deployment).spec.template.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  if (timeoutMs === undefined || timeoutMs + AFTER_DRAIN_MS_MIN > graceMs) {
    return [`preStop: a drain of ${timeoutMs ?? 'the default'} ms leaves less than ${AFTER_DRAIN_MS_MIN} ms of the ${graceMs} ms grace period`];
  }
  return [];
};

/** What running the pods well asks: they start together, as the image's non-root user, spread over machines, with bounded resources; one may be disrupted at a time. */
const podPolicy: Check = (deployment) => {
  const set = theStatefulSet(deployment);
  const pod = set.spec.template.spec;
  const container = theContainer(deployment);
  const security = pod?.securityContext;
  const spread = pod?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const budgets = ofKind<IPodDisruptionBudget>(deployment, 'PodDisruptionBudget');
  const rules: [string, boolean][] = [
    ['pods start in parallel (no node is ready alone)', set.spec.podManagementPolicy === 'Parallel'],
    [`runs as non-root user ${IMAGE_UID} with an fsGroup`, security?.runAsNonRoot === true && security.runAsUser === IMAGE_UID && security.fsGroup !== undefined],
    ['spreads pods over hosts', spread.some((term) => term.podAffinityTerm.topologyKey === 'kubernetes.io/hostname')],
    ['requests and limits CPU and memory', ['requests', 'limits'].every((kind) => ['cpu', 'memory'].every((r) => container.resources?.[kind as 'requests']?.[r] !== undefined))],
    ['sets a termination grace period', pod?.terminationGracePeriodSeconds !== undefined],
    ['one PodDisruptionBudget allowing one pod down', budgets.length === 1 && budgets[0]?.spec?.maxUnavailable === 1],
  ];
  return rules.filter(([, ok]) => !ok).map(([rule]) => `expected: ${rule}`);
};

/**
 * Security is on: TLS with each pod's own node certificate, authentication and authorization, a
 * bootstrap superuser and a /metrics token. Every file the node is told to read (certificates,
 * the bootstrap password, the token) is provided by a Secret volume mounted where the path says,
 * for every pod; and no probe is a gRPC one, which cannot speak TLS.
 */
const security: Check = (deployment) => {
  const set = theStatefulSet(deployment);
  const container = theContainer(deployment);
  const volumes = set.spec.template.spec?.volumes ?? [];
  /** The files a volume provides, by the paths its Secret items give them. */
  const provided = (volumeName: string): string[] => {
    const volume = volumes.find((v) => v.name === volumeName);
    if (volume?.secret !== undefined) return (volume.secret.items ?? []).map((item) => item.path);
    return (volume?.projected?.sources ?? []).flatMap((source) => (source.secret?.items ?? []).map((item) => item.path));
  };
  const reachable = (file: string): boolean =>
    (container.volumeMounts ?? []).some((mount) => file.startsWith(`${mount.mountPath}/`) && provided(mount.name).includes(file.slice(mount.mountPath.length + 1)));
  const problems: string[] = [];
  for (let ordinal = 0; ordinal < (set.spec.replicas ?? 1); ordinal++) {
    const pod = `${set.metadata?.name}-${ordinal}`;
    const config = loadNodeConfig({ env: podEnv(deployment, ordinal), hostname: () => pod });
    if (config.tls === undefined) {
      problems.push(`pod ${pod}: TLS is off`);
      continue;
    }
    const files: [string, string | undefined][] = [
      ['tls.certFile', config.tls.certFile],
      ['tls.keyFile', config.tls.keyFile],
      ['tls.caFile', config.tls.caFile],
      ['auth.bootstrapPasswordFile', config.auth.bootstrapPasswordFile],
      ['http.metricsTokenFile', config.http.metricsTokenFile],
    ];
    for (const [field, file] of files) {
      if (file === undefined) problems.push(`pod ${pod}: ${field} is not set`);
      else if (!reachable(file)) problems.push(`pod ${pod}: ${field} ${file} is in no mounted Secret volume`);
    }
    if (!config.tls.certFile.endsWith(`node-${config.nodeId}.crt`)) problems.push(`pod ${pod}: node ${config.nodeId} uses ${config.tls.certFile}, not its own certificate`);
    if (!config.auth.enabled || !config.auth.authorization) problems.push(`pod ${pod}: authentication and authorization must be on`);
    if (config.auth.bootstrapUser === undefined) problems.push(`pod ${pod}: no bootstrap superuser`);
  }
  const env = podEnv(deployment, 0);
  const https = env.CAIRN_TLS_HTTP === 'tls';
  if (!https) problems.push('the HTTP port is not HTTPS (CAIRN_TLS_HTTP=tls): the /metrics token would cross the network in clear');
  for (const [name, probe] of [['startupProbe', container.startupProbe], ['livenessProbe', container.livenessProbe], ['readinessProbe', container.readinessProbe]] as const) {
    if (probe?.grpc !== undefined) problems.push(`${name}: a gRPC probe cannot speak TLS to the client port`);
    if (probe?.httpGet !== undefined && (probe.httpGet.scheme === 'HTTPS') !== https) problems.push(`${name}: scheme ${probe.httpGet.scheme ?? 'HTTP'} on an ${https ? 'HTTPS' : 'HTTP'} port`);
  }
  const drain = container.lifecycle?.preStop?.exec?.command ?? [];
  const caFlag = drain.indexOf('--tls-ca-file');
  if (https && (caFlag < 0 || drain[caFlag + 1] !== env.CAIRN_TLS_CA_FILE)) problems.push(`preStop: the drain must speak HTTPS with --tls-ca-file ${env.CAIRN_TLS_CA_FILE}`);
  return problems;
};

export const CHECKS: Record<string, Check> = {
  schema,
  fieldNames,
  kustomization,
  headlessService,
  selectors,
  ports,
  envNames,
  podConfig,
  replicaCount,
  preStop,
  podPolicy,
  security,
};

/** A check's problems; a check that cannot even look (a missing StatefulSet) reports that. */
export function problemsOf(check: Check, deployment: Deployment): string[] {
  try {
    return check(deployment);
  } catch (error) {
    return [(error as Error).message];
  }
}
