#!/usr/bin/env node
// `f8` command. In a source checkout it runs the TypeScript CLI through tsx; in a build
// (no src/) it runs the compiled dist/.
import { existsSync } from 'node:fs';

// Signals count from the first moment: one that arrives while the CLI loads is kept, and the
// command takes it over (src/cli/signals.ts) instead of dying half-started.
const early = { signal: null, listener: (sig) => (early.signal ??= sig) };
globalThis.__f8EarlySignals = early;
process.on('SIGINT', early.listener);
process.on('SIGTERM', early.listener);

const source = new URL('../src/cli/index.ts', import.meta.url);
const built = new URL('../dist/src/cli/index.js', import.meta.url);

if (existsSync(source) && process.env.F8_USE_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(built.href);
}
