// Lint config. The layer matrix of docs/architecture.md is enforced here:
// import/no-restricted-paths catches imports of project files across layers,
// no-restricted-imports catches Node builtins, electron, react and NATS clients
// (which import/no-restricted-paths cannot see because they do not resolve to files).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import { builtinModules } from 'node:module';

const builtinNames = builtinModules.filter((m) => !m.startsWith('_'));
// Patterns match path segments anywhere ('inspector' would match '../panels/Inspector'), so bare
// builtin names are listed as exact paths and only `node:*` and `<builtin>/...` as patterns.
const nodeBuiltins = [...builtinNames.map((m) => `${m}/*`), 'node:*'];
const builtinPaths = builtinNames.map((name) => ({ name, message: 'Node builtins are not allowed in this layer (see docs/architecture.md).' }));

const masterParts = ['catalog', 'registry', 'launcher', 'health', 'deploy', 'lease'];

/** Layer zones: `target` may not import from `from`. */
export const layerZones = [
  // src/shared is pure.
  {
    target: './src/shared',
    from: ['./src/bus', './src/main', './src/renderer', './src/preload', './src/sdk', './src/cli', './services'],
    message: 'src/shared is pure: it imports only schemas/ and pure libraries.',
  },
  // src/bus is the one NATS client layer: it imports src/shared and the NATS packages only.
  { target: './src/bus', from: ['./src/main', './src/renderer', './src/preload', './src/sdk', './src/cli', './services'], message: 'src/bus imports only src/shared and the NATS packages.' },
  // the renderer never reaches into main, preload internals, the sdk or the cli.
  { target: './src/renderer', from: ['./src/main', './src/sdk', './src/cli', './services'], message: 'src/renderer imports src/shared, src/bus and UI libraries only.' },
  { target: './src/preload', from: ['./src/bus', './src/main', './src/renderer', './src/sdk', './src/cli', './services'], message: 'src/preload exposes the typed API from src/shared only.' },
  { target: './src/sdk', from: ['./src/main', './src/renderer', './src/preload', './src/cli', './services'], message: 'src/sdk imports src/shared and src/bus only.' },
  { target: './src/main', from: ['./src/renderer', './src/sdk', './src/cli', './services'], message: 'src/main imports src/shared and src/bus only.' },
  {
    target: './src/cli',
    from: ['./src/renderer', './src/preload', './services', './src/main/nats', './src/main/master'],
    message: 'src/cli composes src/host, src/bus and src/shared: nats-server, the master and its parts only through src/host.',
  },
  // src/host is the one start-up of the backend (f8 master, f8 run, the desktop): never electron, UI or the CLI.
  {
    target: './src/host',
    from: ['./src/renderer', './src/preload', './src/cli', './src/sdk', './services', './src/main/index.ts'],
    message: 'src/host starts the backend from src/main, src/bus and src/shared; it never imports the CLI, the UI or the Electron entry.',
  },
  // The entry points parse their options and call startHost: nats-server, the lock and the Master only through src/host.
  {
    target: ['./src/cli/master.ts', './src/cli/run.ts', './src/main/index.ts', './src/main/desktop', './src/main/app'],
    from: ['./src/main/nats', './src/main/master/master.ts', './src/host/lock.ts', './src/host/host.ts'],
    message: 'entry points start the backend through src/host (startHost from src/host/index.ts), never nats-server, the lock or the Master directly.',
  },
  { target: './services', from: ['./src/bus', './src/main', './src/renderer', './src/preload', './src/cli', './src/shared'], message: 'services import the SDK only.' },
  // master sub-folders do not import each other; master.ts composes them.
  ...masterParts.map((part) => ({
    target: `./src/main/master/${part}`,
    from: masterParts.filter((p) => p !== part).map((p) => `./src/main/master/${p}`),
    message: 'master sub-folders do not import each other; master.ts composes them.',
  })),
];

// Outside src/bus only the core connection type may be named; requests, KV, JetStream,
// micro services and the Node transport all go through src/bus.
const natsOutsideBus = {
  group: ['@nats-io/kv', '@nats-io/kv/*', '@nats-io/jetstream', '@nats-io/jetstream/*', '@nats-io/services', '@nats-io/services/*', '@nats-io/transport-node'],
  message: 'NATS requests, KV, JetStream and micro services go through src/bus (one typed client layer).',
};

// The rule of a pure layer: no Node builtins, no electron, plus the layer's own extra patterns.
const pureOnly = (...extra) => [
  'error',
  {
    paths: builtinPaths,
    patterns: [
      { group: nodeBuiltins, message: 'Node builtins are not allowed in this layer (see docs/architecture.md).' },
      { group: ['electron', 'electron/*'], message: 'electron is not allowed in this layer.' },
      ...extra,
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'build/**', 'coverage/**', '**/__fixtures__/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import/resolver': { typescript: { project: ['./tsconfig.json', './tsconfig.web.json'], noWarnOnMultipleProjects: true }, node: true },
    },
    rules: {
      'import/no-restricted-paths': ['error', { zones: layerZones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits or catches loses its error, and one handed to a
    // callback that expects void is a floating promise in disguise.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.web.json', './tsconfig.web-tests.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Sizes a reader can hold in mind: a file of at most 400 lines and a function of at most 80
    // (blank lines and comments not counted). Tests and generated files are exempt below.
    files: ['**/*.{ts,tsx,mjs}'],
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', '**/*.spec.ts', 'e2e/**', '**/testing.ts', '**/__fixtures__/**', '**/generated/**'],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off' },
  },
  {
    // The desktop stand-in (a fake electron module for the e2e) is one object graph whose parts
    // refer to each other, as Electron's own do.
    files: ['e2e/desktop/stand-in/**'],
    rules: { 'import/no-cycle': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': pureOnly(
        { group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'], message: 'src/shared is pure: no UI libraries.' },
        { group: ['@nats-io/*', 'nats', 'ws'], message: 'src/shared is pure: no NATS client.' },
      ),
    },
  },
  {
    // The NATS layer is shared by Node and the browser: no Node builtins, no UI, no ws.
    files: ['src/bus/**/*.ts'],
    ignores: ['src/bus/**/*.test.ts'],
    rules: {
      'no-restricted-imports': pureOnly({ group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*', 'ws'], message: 'src/bus imports only src/shared and the NATS packages.' }),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': pureOnly(natsOutsideBus, { group: ['**/bus/node', '**/bus/node.js'], message: 'the renderer connects with connectWs; the Node transport is not for the browser.' }),
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/sdk/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [natsOutsideBus] }] },
  },
  {
    // src/host never imports electron (the desktop's glue lives in src/main/index.ts and src/main/desktop).
    files: ['src/host/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [natsOutsideBus, { group: ['electron', 'electron/*'], message: 'src/host never imports electron.' }] }],
    },
  },
  {
    // Tests compose real parts across layers (a service test needs a real master).
    files: ['**/*.test.ts'],
    rules: { 'import/no-restricted-paths': 'off' },
  },
  {
    // The renderer's Node-side tests (the bridge against a real master) run in Node, not the page.
    files: ['src/renderer/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@nats-io/*'], message: 'services use the SDK, not the NATS client directly.' }] }],
    },
  },
);
