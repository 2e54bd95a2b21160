/**
 * The SDK as an application gets it: `npm run build:sdk`, `npm pack`, then
 * `npm install` of the tarball into an empty project outside the repository
 * (so nothing resolves from its node_modules), and a program in that project
 * producing to and consuming from a real node. Proves the package holds what
 * it needs, installs no server package and no native addon, and loads none
 * for an uncompressed producer and consumer. The Cairn program of
 * docs/kafkajs-migration.md runs there too, as the guide prints it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCluster } from './support/cluster-fixture.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
/** Packages only the server needs: none may reach an SDK application. */
const SERVER_PACKAGES = ['cairn-server', 'cairn', 'classic-level', 'pino', 'prom-client', 'grpc-health-check'];
const NATIVE_PACKAGES = ['@node-rs/crc32', 'snappy', 'lz4-napi', 'zstd-napi'];
const MESSAGES = 20;
const MIGRATION_GUIDE = join(ROOT, 'docs/kafkajs-migration.md');

/** The application: records every native addon the process opens, then produces, consumes and asks for lz4. */
const APP = `
import { readFileSync } from 'node:fs';
const openedAddons = [];
const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  openedAddons.push(filename);
  return dlopen.call(this, module, filename, ...rest);
};
const { Cairn, CairnError } = await import('cairn-sdk');
const topic = 'packed-sdk';
const cairn = new Cairn({ brokers: [process.argv[2]], requestTimeoutMs: 5000 });
await cairn.admin().createTopic({ name: topic, partitions: 1, replicationFactor: 1 });
const producer = cairn.producer();
const sent = await producer.send({ topic, messages: Array.from({ length: ${MESSAGES} }, (_, i) => ({ key: 'k' + i, value: 'v' + i })) });
const consumer = cairn.consumer();
consumer.assign([{ topic, partition: 0 }]);
consumer.seek({ topic, partition: 0 }, 'earliest');
const received = [];
for await (const message of consumer) {
  received.push({ key: message.key?.toString(), value: message.value?.toString(), offset: String(message.offset) });
  if (received.length === ${MESSAGES}) break;
}
let lz4;
try {
  cairn.producer({ compression: 'lz4' });
} catch (error) {
  lz4 = { cairnError: error instanceof CairnError, code: error.code, details: error.details, message: error.message };
}
await cairn.close();
const mappedAddons = readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((line) => line.endsWith('.node')).map((line) => line.split(' ').pop());
console.log(JSON.stringify({ sent: sent.length, received, lz4, openedAddons, mappedAddons }));
`;

/** The environment of a process that must see nothing of the repository: no npm or Node settings inherited from the test runner. */
function isolatedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_OPTIONS$|NODE_PATH$|VITEST|TSX)/i.test(key)));
}

/** Every file under `dir` whose name ends with `suffix`, and every package directory (`name` or `@scope/name`) of a node_modules. */
async function walk(dir: string, suffix: string): Promise<{ files: string[]; packages: Set<string> }> {
  const files: string[] = [];
  const packages = new Set<string>();
  const visit = async (at: string, relative: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)$/.exec(rel);
        if (match?.[1] !== undefined) packages.add(match[1]);
        await visit(path, rel);
      } else if (entry.name.endsWith(suffix)) files.push(rel);
    }
  };
  await visit(dir, '');
  return { files, packages };
}

describe('the packed SDK in an empty project', () => {
  const env = useCluster({ nodes: 1 });
  let dir: string;
  let app: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-sdk-package-'));
    await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-sdk.ts')], { cwd: ROOT });
    const packed = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: join(ROOT, 'dist/sdk'), env: isolatedEnv() });
    const tarball = join(dir, packed.stdout.trim().split('\n').pop()!);
    app = join(dir, 'app');
    await run('mkdir', [app]);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'sdk-package-probe', private: true, type: 'module' }));
    await writeFile(join(app, 'app.mjs'), APP);
    await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, env: isolatedEnv() });
  }, 240_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('installs cairn-sdk with grpc-js and the proto loader, and neither a server package nor any native addon', async () => {
    const { files: addons, packages } = await walk(app, '.node');
    expect(packages).toContain('cairn-sdk');
    expect(packages).toContain('@grpc/grpc-js');
    expect(packages).toContain('@grpc/proto-loader');
    expect([...packages].filter((name) => SERVER_PACKAGES.includes(name) || NATIVE_PACKAGES.includes(name))).toEqual([]);
    expect(addons).toEqual([]);
    const installed = JSON.parse(await readFile(join(app, 'node_modules/cairn-sdk/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(installed.dependencies).sort()).toEqual(['@grpc/grpc-js', '@grpc/proto-loader']);
  });

  it('produces and consumes against a real node without loading a native addon, and names the package an lz4 producer needs', async () => {
    const { stdout } = await run(process.execPath, ['app.mjs', env.cluster.brokers()[0]!], { cwd: app, env: isolatedEnv(), timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      sent: number;
      received: { key: string; value: string; offset: string }[];
      lz4: { cairnError: boolean; code: string; details: Record<string, string>; message: string } | undefined;
      openedAddons: string[];
      mappedAddons: string[];
    };
    expect(result.sent).toBe(MESSAGES);
    expect(result.received).toEqual(Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i}`, value: `v${i}`, offset: String(i) })));
    expect(result.openedAddons).toEqual([]);
    expect(result.mappedAddons).toEqual([]);
    expect(result.lz4).toMatchObject({ cairnError: true, code: 'UNSUPPORTED_COMPRESSION_TYPE', details: { codec: 'lz4', package: 'lz4-napi' } });
    expect(result.lz4?.message).toContain('npm install lz4-napi');
  });

  it('runs the Cairn program of the kafkajs migration guide as written, beside a kafkajs program that parses', async () => {
    const guide = await readFile(MIGRATION_GUIDE, 'utf8');
    const kafkajs = /```js\n(import \{ Kafka \} from 'kafkajs';[\s\S]*?)```/.exec(guide)?.[1];
    const program = /```js cairn\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(kafkajs, 'docs/kafkajs-migration.md has the kafkajs program').toBeDefined();
    expect(program, 'docs/kafkajs-migration.md has a ```js cairn block').toBeDefined();
    // The kafkajs program is text only (no Kafka here), but it must at least be valid JavaScript.
    const parsed = ts.createSourceFile('kafkajs.mjs', kafkajs!, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS) as ts.SourceFile & { parseDiagnostics: readonly ts.Diagnostic[] };
    expect(parsed.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    await writeFile(join(app, 'migration.mjs'), program!);
    const { stdout } = await run(process.execPath, ['migration.mjs'], {
      cwd: app,
      env: { ...isolatedEnv(), CAIRN_BROKERS: env.cluster.brokers()[0]! },
      timeout: 60_000,
    });
    // partition, offset, key, value per message; one key's messages share a partition, in order.
    const lines = stdout.trim().split('\n').map((line) => line.split(' '));
    expect(lines.map(([, , key, value]) => `${key} ${value}`).sort()).toEqual(['customer-1 created', 'customer-1 paid', 'customer-2 created']);
    const customer1 = lines.filter(([, , key]) => key === 'customer-1');
    expect(customer1.map(([, , , value]) => value)).toEqual(['created', 'paid']);
    expect(new Set(customer1.map(([partition]) => partition)).size).toBe(1);
  });
});
