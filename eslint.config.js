import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The Raft core must stay a pure state machine so the simulator can drive it:
// no clocks, no randomness, no timers, no asynchrony, no Node APIs.
const raftPurity = {
  files: ['src/raft/**/*.ts'],
  rules: {
    'no-restricted-globals': [
      'error',
      { name: 'Date', message: 'src/raft gets time only from tick().' },
      { name: 'setTimeout', message: 'src/raft has no timers; time comes from tick().' },
      { name: 'setInterval', message: 'src/raft has no timers; time comes from tick().' },
      { name: 'setImmediate', message: 'src/raft has no timers; time comes from tick().' },
      { name: 'queueMicrotask', message: 'src/raft is synchronous.' },
      { name: 'Promise', message: 'src/raft is synchronous.' },
      { name: 'process', message: 'src/raft has no Node APIs.' },
      { name: 'Buffer', message: 'src/raft uses Uint8Array, not Node Buffers.' },
      { name: 'require', message: 'src/raft has no Node APIs.' },
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Math', property: 'random', message: 'src/raft takes randomness from the injected Rng.' },
    ],
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['node:*'], message: 'src/raft has no Node APIs.' },
          { group: ['../*', '!./*'], message: 'src/raft imports nothing outside itself.' },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: 'FunctionDeclaration[async=true]', message: 'src/raft is synchronous.' },
      { selector: 'FunctionExpression[async=true]', message: 'src/raft is synchronous.' },
      { selector: 'ArrowFunctionExpression[async=true]', message: 'src/raft is synchronous.' },
      { selector: 'AwaitExpression', message: 'src/raft is synchronous.' },
    ],
  },
};

// Who may import whom (docs/architecture.md, "Layers"). src/protocol is the
// leaf both sides share (error table, proto loading, addresses, partitioner
// hash); the SDK ships from src/client, src/records, src/protocol and src/gen
// alone, so none of them may reach into the server.
const importRule = (message, ...regexes) => ({
  'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
});
const protocolLeaf = {
  files: ['src/protocol/**/*.ts'],
  rules: importRule('src/protocol is the shared leaf: it imports only the generated proto types.', String.raw`^\.\./(?!gen/)`),
};
const recordsLeaf = {
  files: ['src/records/**/*.ts'],
  rules: importRule('src/records is shared by the SDK and the server: it imports nothing outside itself.', String.raw`^\.\./`),
};
const sdkOnly = 'src/client imports only src/protocol, src/records, src/gen and itself: the SDK ships without the server.';
const clientTop = {
  files: ['src/client/*.ts'],
  rules: importRule(sdkOnly, String.raw`^\.\./(?!protocol/|records/|gen/)`),
};
const clientNested = {
  files: ['src/client/*/**/*.ts'],
  rules: importRule(sdkOnly, String.raw`^\.\./\.\./(?!protocol/|records/|gen/)`),
};
const serverSide = {
  files: ['src/{server,groups,partition,host,metadata,storage,transport,config,observability,security}/**/*.ts'],
  rules: importRule('Server code does not import the SDK (src/client); shared code lives in src/protocol.', String.raw`^(\.\./)+client/`),
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'src/gen/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        setImmediate: 'readonly', clearImmediate: 'readonly', URL: 'readonly', TextEncoder: 'readonly',
        TextDecoder: 'readonly', performance: 'readonly', AbortController: 'readonly',
        AbortSignal: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  raftPurity,
  protocolLeaf,
  recordsLeaf,
  clientTop,
  clientNested,
  serverSide,
);
