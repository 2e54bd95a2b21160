/** A worker process of the seed pool: runs the seeds it is sent, one at a time, and sends back each result. */
import type { SeedOptions } from './run.js';
import { runSeed } from './run.js';

process.on('message', (options: SeedOptions) => {
  process.send!(runSeed(options));
});
