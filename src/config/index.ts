export { ConfigError } from './errors.js';
export type { LogLevel, PeerAddress } from './fields.js';
export { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, describeFields, loadNodeConfig } from './load.js';
export type { ConfigSources } from './load.js';
export type { AuthConfig, NodeConfig, TlsConfig } from './node-config.js';
