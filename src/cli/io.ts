/** Everything the CLI touches outside itself, injected so `run` can be tested in-process. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeConfig } from '../config/node-config.js';

/** The contract of src/server/node.js, which `cairn serve` loads. */
export interface ServerModule {
  startNode(config: NodeConfig, extensions?: { readonly httpRoutes?: readonly HttpRoute[] }): Promise<RunningNode>;
}

/** A path the node's HTTP port serves for the CLI (the web console). */
export interface HttpRoute {
  readonly prefix: string;
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void;
}

export interface RunningNode {
  stop(): Promise<void>;
}

export interface CliIo {
  /** Receives whole lines, newline included. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, opened only by the commands that read it. */
  readonly stdin: () => AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Calls `handler` on the first SIGTERM or SIGINT. */
  readonly onStopSignal: (handler: (signal: string) => void) => void;
  readonly loadServer: () => Promise<ServerModule>;
}
