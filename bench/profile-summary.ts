/**
 * Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`): where
 * the busy time went, by function (self time) and by module, over one or
 * more profiles added together.
 *
 *   tsx bench/profile-summary.ts PROFILE_OR_DIR... [--top N] [--skip-seconds S]
 *
 * --skip-seconds leaves out the start of each profile (start-up, warm-up).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Cost {
  readonly name: string;
  readonly where: string;
  /** Microseconds of self time. */
  readonly selfUs: number;
}

export interface ProfileSummary {
  readonly wallUs: number;
  /** Time sampled as (idle): the event loop waiting. */
  readonly idleUs: number;
  readonly busyUs: number;
  readonly functions: readonly Cost[];
  readonly modules: readonly Cost[];
}

const ROOT = join(import.meta.dirname, '..');
const IDLE = '(idle)';

/** The module a frame belongs to: a package, a node internal, or a folder of our own code. */
function moduleOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const path = url.replace(/^file:\/\//, '');
  // The innermost package: protobufjs under @grpc/proto-loader counts as protobufjs.
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg !== null) return pkg[1]!;
  if (path.startsWith('node:')) return path.split('/')[0]!.replace(/^(node:internal)\/.*/, '$1');
  const own = /(?:dist\/)?src\/([^/]+)\//.exec(path);
  return own !== null ? `cairn ${own[1]}` : relative(ROOT, path);
}

function location(frame: CallFrame): string {
  if (frame.url === '') return '';
  const path = frame.url.replace(/^file:\/\//, '');
  const short = path.includes('node_modules/') ? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length) : relative(ROOT, path);
  return `${short}:${frame.lineNumber + 1}`;
}

/** `skipUs`: leave out each profile's first microseconds (start-up, warm-up). */
export function summarize(profiles: readonly CpuProfile[], skipUs = 0): ProfileSummary {
  const functions = new Map<string, Cost & { selfUs: number }>();
  const modules = new Map<string, number>();
  let wallUs = 0;
  let idleUs = 0;
  for (const profile of profiles) {
    wallUs += Math.max(0, profile.endTime - profile.startTime - skipUs);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    let atUs = 0;
    // Each sample stands for the time until the next one.
    profile.samples.forEach((id, i) => {
      atUs += profile.timeDeltas[i] ?? 0;
      if (atUs < skipUs) return;
      const us = profile.timeDeltas[i + 1] ?? 0;
      const frame = byId.get(id)!.callFrame;
      const name = frame.functionName || '(anonymous)';
      if (name === IDLE) {
        idleUs += us;
        return;
      }
      const where = location(frame);
      const key = `${name} ${where}`;
      const cost = functions.get(key) ?? { name, where, selfUs: 0 };
      cost.selfUs += us;
      functions.set(key, cost);
      const module = moduleOf(frame.url, name);
      modules.set(module, (modules.get(module) ?? 0) + us);
    });
  }
  const byCost = (a: Cost, b: Cost): number => b.selfUs - a.selfUs;
  const busyUs = [...modules.values()].reduce((a, b) => a + b, 0);
  return {
    wallUs,
    idleUs,
    busyUs,
    functions: [...functions.values()].sort(byCost),
    modules: [...modules].map(([name, selfUs]) => ({ name, where: '', selfUs })).sort(byCost),
  };
}

export function readProfiles(paths: readonly string[]): CpuProfile[] {
  const files = paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.cpuprofile'))
          .map((name) => join(path, name))
      : [path],
  );
  return files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
}

const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;

export function formatSummary(summary: ProfileSummary, top: number): string {
  const lines = [
    `Sampled ${(summary.wallUs / 1e6).toFixed(1)} s of process time: busy ${percent(summary.busyUs, summary.wallUs)}, idle ${percent(summary.idleUs, summary.wallUs)}.`,
    '',
    `Top ${top} functions by self time (% of busy time):`,
    '',
    '| # | function | where | self | share |',
    '|---:|---|---|---:|---:|',
    ...summary.functions
      .slice(0, top)
      .map((f, i) => `| ${i + 1} | \`${f.name}\` | ${f.where === '' ? '–' : `\`${f.where}\``} | ${(f.selfUs / 1000).toFixed(0)} ms | ${percent(f.selfUs, summary.busyUs)} |`),
    '',
    `Self time by module (% of busy time):`,
    '',
    '| module | self | share |',
    '|---|---:|---:|',
    ...summary.modules.slice(0, top).map((m) => `| ${m.name} | ${(m.selfUs / 1000).toFixed(0)} ms | ${percent(m.selfUs, summary.busyUs)} |`),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '20' }, 'skip-seconds': { type: 'string', default: '0' } },
  });
  if (positionals.length === 0) {
    console.error('usage: tsx bench/profile-summary.ts PROFILE_OR_DIR... [--top N] [--skip-seconds S]');
    process.exit(2);
  }
  console.log(formatSummary(summarize(readProfiles(positionals), Number(values['skip-seconds']) * 1e6), Number(values.top)));
}
