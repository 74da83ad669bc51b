// Lint config. The layer matrix of ARCHITECTURE.md is enforced here:
// import/no-restricted-paths catches imports of project files across layers,
// no-restricted-imports catches Node builtins, electron, react and NATS clients
// (which import/no-restricted-paths cannot see because they do not resolve to files).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `${m}/*`]), 'node:*'];

const masterParts = ['bus', 'catalog', 'registry', 'launcher', 'health', 'deploy', 'lease', 'gateway'];

/** Layer zones: `target` may not import from `from`. */
export const layerZones = [
  // src/shared is pure.
  { target: './src/shared', from: ['./src/main', './src/renderer', './src/preload', './src/sdk', './src/cli', './services'], message: 'src/shared is pure: it imports only schemas/ and pure libraries.' },
  // the renderer never reaches into main, preload internals, the sdk or the cli.
  { target: './src/renderer', from: ['./src/main', './src/sdk', './src/cli', './services'], message: 'src/renderer imports src/shared and UI libraries only.' },
  { target: './src/preload', from: ['./src/main', './src/renderer', './src/sdk', './src/cli', './services'], message: 'src/preload exposes the typed API from src/shared only.' },
  { target: './src/sdk', from: ['./src/main', './src/renderer', './src/preload', './src/cli', './services'], message: 'src/sdk imports src/shared only.' },
  { target: './src/main', from: ['./src/renderer', './src/sdk', './src/cli', './services'], message: 'src/main imports src/shared only.' },
  { target: './src/cli', from: ['./src/renderer', './src/preload', './services'], message: 'src/cli composes src/main and src/shared.' },
  { target: './services', from: ['./src/main', './src/renderer', './src/preload', './src/cli', './src/shared'], message: 'services import the SDK only.' },
  // master sub-folders do not import each other; master.ts composes them.
  ...masterParts.map((part) => ({
    target: `./src/main/master/${part}`,
    from: masterParts.filter((p) => p !== part).map((p) => `./src/main/master/${p}`),
    message: 'master sub-folders do not import each other; master.ts composes them.',
  })),
];

const pureRestricted = {
  patterns: [
    { group: nodeBuiltins, message: 'Node builtins are not allowed in this layer (see ARCHITECTURE.md).' },
    { group: ['electron', 'electron/*'], message: 'electron is not allowed in this layer.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'build/**', 'coverage/**', '**/__fixtures__/**'] },
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
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...pureRestricted.patterns,
          { group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'], message: 'src/shared is pure: no UI libraries.' },
          { group: ['@nats-io/*', 'nats', 'ws'], message: 'src/shared is pure: no NATS client.' },
        ],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', pureRestricted] },
  },
  {
    // Tests compose real parts across layers (a service test needs a real master).
    files: ['**/*.test.ts'],
    rules: { 'import/no-restricted-paths': 'off' },
  },
  {
    files: ['services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@nats-io/*'], message: 'services use the SDK, not the NATS client directly.' }] }],
    },
  },
);
