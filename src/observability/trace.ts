/**
 * Debug tracing by component, switched on with `CAIRN_TRACE=raft,transport`
 * (or `all`), as grpc-js does with GRPC_TRACE. The variable is read once, on
 * first use: a check on a hot path is a set lookup.
 */
export const COMPONENTS = ['raft', 'transport', 'storage', 'host', 'metadata', 'partition', 'groups', 'server'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface TraceSetting {
  readonly enabled: ReadonlySet<Component>;
  /** Names that are not components; config validation refuses them. */
  readonly unknown: readonly string[];
}

export function parseTrace(text: string | undefined): TraceSetting {
  const names = (text ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const enabled = new Set<Component>();
  const unknown: string[] = [];
  for (const name of names) {
    if (name === 'all') COMPONENTS.forEach((component) => enabled.add(component));
    else {
      const component = COMPONENTS.find((candidate) => candidate === name);
      if (component === undefined) unknown.push(name);
      else enabled.add(component);
    }
  }
  return { enabled, unknown };
}

let enabledByEnvironment: ReadonlySet<Component> | undefined;

export function traceEnabled(component: Component): boolean {
  enabledByEnvironment ??= parseTrace(process.env.CAIRN_TRACE).enabled;
  return enabledByEnvironment.has(component);
}
