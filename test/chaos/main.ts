/**
 * The chaos command (see docs/testing.md):
 *
 *   npm run test:chaos -- --seed S --duration SECONDS --nodes N
 *   npm run test:chaos -- --seed S --nemeses kill,partition-leader     only these kinds
 *   npm run test:chaos -- --planted-bug ack-before-commit               the checker must catch it
 *   other options: --partitions, --producers, --consumers, --rate (sends/s), --skip-build,
 *   --every-kind (a fault of each kind at least, each able to run here, else fail), --strict-recovery (fail unless every producer
 *   gets going again on every partition after the heal), --out DIR
 *
 * Makes sure Docker runs (scripts/docker-up.sh), builds the image
 * (scripts/build-image.sh; --skip-build to reuse cairn:local), runs, prints
 * the anomaly table and exits non-zero on any anomaly or harness error. With --planted-bug the
 * run uses a test-only image whose leaders acknowledge before commit, and
 * exits zero only if the checker finds lost writes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDetails, formatTable } from './checker.js';
import { CLIENT_REQUEST_TIMEOUT_MS } from './docker-cluster.js';
import { runChaos } from './run.js';
import type { ChaosOptions, ChaosOutcome } from './run.js';
import { NEMESIS_KINDS, isNemesisKind } from './schedule.js';
import type { NemesisKind } from './schedule.js';

const ROOT = join(import.meta.dirname, '../..');
const PLANTED_BUGS = ['ack-before-commit'] as const;
/** The planted bug loses writes when a leader dies or is cut off with acknowledged, uncommitted entries. */
const PLANTED_BUG_KINDS: readonly NemesisKind[] = ['kill', 'partition-leader'];

class UsageError extends Error {}

interface Args extends Omit<ChaosOptions, 'image' | 'outDir'> {
  readonly plantedBug: (typeof PLANTED_BUGS)[number] | undefined;
  readonly skipBuild: boolean;
  readonly outDir: string | undefined;
}

/** The workload's shape unless flags say otherwise; a replay names whatever differs. */
const WORKLOAD_DEFAULTS = { partitions: 6, producers: 3, consumers: 2, rate: 300 } as const;

function parse(argv: readonly string[]): Args {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      seed: { type: 'string' },
      duration: { type: 'string', default: '60' },
      nodes: { type: 'string', default: '3' },
      partitions: { type: 'string', default: String(WORKLOAD_DEFAULTS.partitions) },
      producers: { type: 'string', default: String(WORKLOAD_DEFAULTS.producers) },
      consumers: { type: 'string', default: String(WORKLOAD_DEFAULTS.consumers) },
      rate: { type: 'string', default: String(WORKLOAD_DEFAULTS.rate) },
      nemeses: { type: 'string' },
      'planted-bug': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      'every-kind': { type: 'boolean', default: false },
      'strict-recovery': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const integer = (name: string, text: string, min: number, max: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${text}`);
    return value;
  };
  const plantedBug = values['planted-bug'];
  if (plantedBug !== undefined && !(PLANTED_BUGS as readonly string[]).includes(plantedBug)) {
    throw new UsageError(`--planted-bug must be one of ${PLANTED_BUGS.join(', ')}`);
  }
  const kinds = values.nemeses === undefined || values.nemeses === 'all' ? undefined : values.nemeses.split(',').map((kind) => kind.trim());
  const unknown = kinds?.filter((kind) => !isNemesisKind(kind) && kind !== 'none');
  if (unknown !== undefined && unknown.length > 0) throw new UsageError(`unknown nemesis ${unknown.join(', ')}; kinds: ${NEMESIS_KINDS.join(', ')}, or none`);
  const nodes = integer('nodes', values.nodes, 3, 9);
  return {
    seed: values.seed === undefined ? Math.floor(Math.random() * 0x1_0000_0000) : integer('seed', values.seed, 0, 0xffff_ffff),
    durationS: integer('duration', values.duration, 1, 24 * 3600),
    nodes,
    partitions: integer('partitions', values.partitions, 1, 1000),
    producers: integer('producers', values.producers, 1, 64),
    consumers: integer('consumers', values.consumers, 0, 64),
    ratePerSecond: integer('rate', values.rate, 1, 100_000),
    kinds: kinds === undefined ? (plantedBug === undefined ? NEMESIS_KINDS : PLANTED_BUG_KINDS) : kinds.filter(isNemesisKind),
    plantedBug: plantedBug as Args['plantedBug'],
    skipBuild: values['skip-build'],
    everyKind: values['every-kind'],
    strictRecovery: values['strict-recovery'],
    outDir: values.out,
  };
}

function step(title: string, command: string, env: NodeJS.ProcessEnv = {}): void {
  console.log(`== chaos: ${title}`);
  const result = spawnSync(command, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status ?? result.signal})`);
}

function replayCommand(args: Args): string {
  const parts = [`--seed ${args.seed}`, `--duration ${args.durationS}`, `--nodes ${args.nodes}`];
  const shape = { partitions: args.partitions, producers: args.producers, consumers: args.consumers, rate: args.ratePerSecond };
  for (const [flag, value] of Object.entries(shape)) if (value !== WORKLOAD_DEFAULTS[flag as keyof typeof WORKLOAD_DEFAULTS]) parts.push(`--${flag} ${value}`);
  if (args.kinds.length !== NEMESIS_KINDS.length) parts.push(`--nemeses ${args.kinds.length === 0 ? 'none' : args.kinds.join(',')}`);
  if (args.plantedBug !== undefined) parts.push(`--planted-bug ${args.plantedBug}`);
  // --every-kind changes the schedule: it holds a whole round of the kinds, however short the run.
  if (args.everyKind) parts.push('--every-kind');
  if (args.strictRecovery) parts.push('--strict-recovery');
  return `npm run test:chaos -- ${parts.join(' ')}`;
}

function report(args: Args, outcome: ChaosOutcome, outDir: string): void {
  const { result } = outcome;
  const { stats, pauses } = result;
  const faults = [...outcome.faults].map(([kind, count]) => `${kind}×${count}`).join(' ') || 'none';
  console.log('');
  console.log(`chaos: seed ${args.seed}, ${args.nodes} nodes, ${args.durationS} s of faults, ${outcome.elapsedS} s in all`);
  console.log(`chaos: faults injected: ${faults}`);
  console.log(
    `chaos: sends ${stats.sendsInvoked} (acknowledged ${stats.sendsAcked}, failed ${stats.sendsFailed}, unanswered ${stats.sendsPending}); ` +
      `polled ${stats.recordsPolled} records; final read ${stats.recordsFinal} records in ${stats.partitionsFinal} partitions`,
  );
  console.log(
    `chaos: group: partitions assigned ${stats.partitionsAssigned}, revoked ${stats.partitionsRevoked}, lost ${stats.partitionsLost}; ` +
      `commits acknowledged ${stats.commitsAcked}, failed ${stats.commitsFailed}`,
  );
  console.log(
    pauses.count === 0
      ? 'chaos: no pause ran'
      : `chaos: pauses ${pauses.count}, the longest ${(pauses.longestMs / 1000).toFixed(1)} s (clients' request timeout ${CLIENT_REQUEST_TIMEOUT_MS / 1000} s); ` +
          `sends in flight during a pause ${pauses.sendsInFlight}, of which failed ${pauses.sendsFailed}`,
  );
  console.log('');
  console.log(formatTable(result));
  const details = formatDetails(result);
  if (details !== '') console.log(`\n${details}`);
  if (result.harnessErrors.length > 0) {
    console.log(`\nchaos: harness error: ${result.harnessErrors.length} step(s) of the nemesis failed on this machine (not an anomaly of the log; the run fails)`);
  }
  if (outcome.error !== undefined) console.log(`\nchaos: ${outcome.error}`);
  for (const warning of outcome.warnings) console.log(`\nchaos: warning: ${warning}`);
  console.log(`\nchaos: history, schedule and node logs in ${outDir}`);
  console.log(`chaos: replay: ${replayCommand(args)}`);
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    console.error(`test:chaos: ${error.message}`);
    return 2;
  }
  // Its reaper image cannot be pulled here; the run removes what it made itself.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  step('docker', 'scripts/docker-up.sh');
  if (!args.skipBuild) step('image', 'scripts/build-image.sh');
  let image = 'cairn:local';
  if (args.plantedBug !== undefined) {
    image = `cairn:planted-${args.plantedBug}`;
    step(`test image with the planted bug ${args.plantedBug}`, 'test/chaos/planted/build-image.sh', { IMAGE: image });
  }
  const outDir = args.outDir ?? join(ROOT, '.chaos-out', `${new Date().toISOString().replace(/[:.]/g, '-')}-seed-${args.seed}`);
  console.log(`== chaos: run (replay: ${replayCommand(args)})`);
  const outcome = await runChaos({ ...args, image, outDir }, (line) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`));
  report(args, outcome, outDir);

  if (args.plantedBug !== undefined) {
    const { lost } = outcome.result.counts;
    console.log(lost > 0 ? `chaos: planted bug ${args.plantedBug} caught: ${lost} lost writes` : `chaos: planted bug ${args.plantedBug} NOT caught: no lost write`);
    return lost > 0 ? 0 : 1;
  }
  const missing = args.kinds.filter((kind) => !outcome.faults.has(kind));
  if (args.everyKind && missing.length > 0) console.log(`chaos: --every-kind: ${missing.join(', ')} never ran`);
  const passed = outcome.result.valid && outcome.error === undefined && !(args.everyKind && missing.length > 0);
  console.log(passed ? 'chaos: passed' : 'chaos: FAILED');
  return passed ? 0 : 1;
}

const code = await main();
process.exitCode = code;
// Client connections and the Docker client's sockets must not keep the process alive once it has reported.
setTimeout(() => process.exit(code), 2_000).unref();
