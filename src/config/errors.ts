/**
 * A refused configuration. The message starts with where the bad value came
 * from (`CAIRN_NODE_ID`, `--peers`, `config file ./c.json: tls.caFile`), so an
 * operator knows what to fix without reading code.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    message: string,
    /** The field, as a config-file path (`nodeId`, `tls.caFile`); undefined for errors about a whole source. */
    readonly field: string | undefined,
    /** `default`, `CAIRN_NODE_ID`, `--node-id` or `config file <path>`. */
    readonly source: string,
  ) {
    super(message);
  }
}

const normalized = (name: string): string => name.toLowerCase().replace(/[-_.]/g, '');

/** The known name a mistyped one most likely meant (`nodeid` → `nodeId`), if any. */
export function didYouMean(name: string, known: Iterable<string>): string {
  for (const candidate of known) if (normalized(candidate) === normalized(name)) return ` (did you mean ${JSON.stringify(candidate)}?)`;
  return '';
}
