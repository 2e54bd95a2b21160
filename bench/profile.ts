/**
 * Profiles Cairn under one produce workload: a 3-node cluster of the built
 * code with every node under `node --cpu-prof`, 1 KiB records into 12
 * partitions at RF 3 with fsync (closed loop, as in `npm run bench`), then
 * the nodes stop with SIGTERM so each writes its profile, and the profiles
 * are summarised together (bench/profile-summary.ts).
 *
 *   npm run bench:profile [-- --seconds 20 --top 25]
 *
 * Profiles are kept in .bench/profiles/<timestamp>/ for Chrome DevTools or
 * speedscope.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CairnTarget } from './lib/cairn-target.js';
import { formatSummary, readProfiles, summarize } from './profile-summary.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, top: { type: 'string', default: '25' } } });
const seconds = Number(values.seconds);
const dir = join(import.meta.dirname, '../.bench/profiles', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(dir, { recursive: true });

const cairn = await CairnTarget.start({ nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
let stopped = false;
try {
  const log = { name: 'profile', partitions: 12, replicas: 3, fsync: true };
  await cairn.create(log);
  await cairn.produce(log, { recordBytes: 1024, seconds: 1 });
  const produced = await cairn.produce(log, { recordBytes: 1024, seconds });
  console.log(`produce 1 KiB, RF 3, fsync, 12 partitions: ${Math.round(produced.records / produced.seconds).toLocaleString('en')} msgs/s over ${produced.seconds.toFixed(1)} s`);
  await cairn.stop('SIGTERM');
  stopped = true;
} finally {
  if (!stopped) await cairn.stop();
}
console.log(`profiles of the 3 nodes (the whole run, start-up included) in ${dir}\n`);
console.log(formatSummary(summarize(readProfiles([dir])), Number(values.top)));
