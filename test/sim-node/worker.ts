/** A worker process of the seed pool: runs the seeds it is sent, one at a time, and sends back each result. */
import type { SeedOptions } from './simulator.js';
import { runSeed } from './simulator.js';

process.on('message', (options: SeedOptions) => {
  void runSeed(options).then((result) => process.send!(result));
});
