export { componentLogger, createLogger } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { Metrics } from './metrics.js';
export type { MetricsOptions } from './metrics.js';
export { COMPONENTS, parseTrace, traceEnabled } from './trace.js';
export type { Component, TraceSetting } from './trace.js';
