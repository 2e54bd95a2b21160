/** pino loggers: one root per node, a child per component so lines can be filtered by `component`. */
import { pino } from 'pino';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import type { Component } from './trace.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level: LevelWithSilent;
  /** Bound into every line, so the logs of a cluster can be merged. */
  readonly nodeId?: number;
  /** Default: standard output. Tests pass a stream to read the lines back. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = options.nodeId === undefined ? {} : { nodeId: options.nodeId };
  return pino({ level: options.level, base, timestamp: pino.stdTimeFunctions.isoTime }, options.destination);
}

export function componentLogger(logger: Logger, component: Component): Logger {
  return logger.child({ component });
}
