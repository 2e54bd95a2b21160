#!/usr/bin/env node
/** The `cairn` executable: wires `run` to the process. */
import type { CliIo, ServerModule } from './io.js';
import { run } from './run.js';

/** After a command, handles left open (a server that did not close everything) must not keep the process alive. */
const EXIT_GRACE_MS = 2_000;

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => process.stdin,
  env: process.env,
  onStopSignal: (handler) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      // A second signal while stopping means the operator will not wait.
      if (stopping) process.exit(1);
      stopping = true;
      handler(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  },
  // A computed specifier: src/server is built by others and typechecks without it.
  loadServer: async () => {
    const module = (await import(new URL('../server/node.js', import.meta.url).href)) as Partial<ServerModule>;
    if (typeof module.startNode !== 'function') throw new Error('src/server/node.js does not export startNode(config)');
    return module as ServerModule;
  },
};

const code = await run(process.argv.slice(2), io);
// Exit as soon as the event loop drains, so output is flushed; force it after a grace period.
process.exitCode = code;
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
