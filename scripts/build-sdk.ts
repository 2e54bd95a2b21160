/**
 * Emits the SDK package, cairn-sdk, into dist/sdk: the compiled SDK and what
 * it imports (src/client, src/protocol, src/records, src/gen), client.proto,
 * a package.json with only the SDK's runtime dependencies, and its README.
 * The repository itself is the server package (cairn-server, with the
 * `cairn` command); see docs/architecture.md, "Packages".
 *
 *   npm run build:sdk          then: cd dist/sdk && npm pack
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK_PACKAGE_NAME = 'cairn-sdk';
/** What the SDK needs at run time: grpc-js and the loader for client.proto (which brings protobufjs). */
const RUNTIME_DEPENDENCIES = ['@grpc/grpc-js', '@grpc/proto-loader'];
/** Native addons the SDK uses only when installed: a codec a producer asks for or a consumer meets, and hardware CRC32C. */
const OPTIONAL_PEERS = ['@node-rs/crc32', 'snappy', 'lz4-napi', 'zstd-napi'];
/** The only source directories the SDK may be built from (ESLint holds src/client to these too). */
const SDK_SOURCE_DIRS = ['client', 'gen', 'protocol', 'records'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'sdk');

interface RootPackage {
  readonly version: string;
  readonly license: string;
  readonly engines: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
}

function rangesOf(rootPackage: RootPackage, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const range = rootPackage.dependencies[name];
      if (range === undefined) throw new Error(`package.json has no dependency ${name} to take the SDK's range from`);
      return [name, range];
    }),
  );
}

function build(): void {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as RootPackage;
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.sdk.json')], { stdio: 'inherit' });

  const emitted = readdirSync(join(out, 'lib'));
  const strays = emitted.filter((dir) => !SDK_SOURCE_DIRS.includes(dir));
  if (strays.length > 0) throw new Error(`the SDK build reached outside ${SDK_SOURCE_DIRS.join(', ')}: ${strays.join(', ')}`);

  // src/protocol/proto.ts finds proto/ two levels above lib/protocol/.
  mkdirSync(join(out, 'proto', 'cairn', 'v1'), { recursive: true });
  copyFileSync(join(root, 'proto', 'cairn', 'v1', 'client.proto'), join(out, 'proto', 'cairn', 'v1', 'client.proto'));
  copyFileSync(join(root, 'src', 'client', 'README.md'), join(out, 'README.md'));

  const sdkPackage = {
    name: SDK_PACKAGE_NAME,
    version: rootPackage.version,
    description: 'TypeScript client for Cairn, a clustered, Raft-replicated message log: producer, consumer groups, admin',
    type: 'module',
    license: rootPackage.license,
    engines: rootPackage.engines,
    main: './lib/client/index.js',
    types: './lib/client/index.d.ts',
    exports: { '.': { types: './lib/client/index.d.ts', default: './lib/client/index.js' } },
    files: ['lib', 'proto', 'README.md'],
    dependencies: rangesOf(rootPackage, RUNTIME_DEPENDENCIES),
    peerDependencies: rangesOf(rootPackage, OPTIONAL_PEERS),
    peerDependenciesMeta: Object.fromEntries(OPTIONAL_PEERS.map((name) => [name, { optional: true }])),
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(sdkPackage, null, 2)}\n`);
  console.log(`${SDK_PACKAGE_NAME}@${sdkPackage.version} built in ${out}`);
}

build();
