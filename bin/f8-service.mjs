#!/usr/bin/env node
// Starts a service entry point: `f8-service.mjs src/main.ts` (relative to the cwd, which the
// launcher sets to the manifest's folder). In a source checkout it runs the TypeScript through
// tsx; in a build it runs the compiled file under dist/.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: f8-service.mjs <entry.ts>');
  process.exit(2);
}
process.argv.splice(2, 1);
const root = resolve(import.meta.dirname, '..');
const source = resolve(entry);
const built = resolve(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js');

if (existsSync(source) && source.endsWith('.ts') && process.env.F8_USE_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  await import(pathToFileURL(source).href);
}
