#!/usr/bin/env node
// `npm run dist [-- --linux|--mac|--win ...]`: the installers. Checks first and stops at once,
// naming what is missing and how to get it (no build starts then); otherwise puts this machine's
// nats-server in build/bin, builds the bundles and runs electron-builder for the asked platforms
// (default: this machine's: Linux AppImage + deb, macOS dmg, Windows nsis).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gatherFacts, preflight, ROOT } from './dist-preflight.mjs';
import { main as prepareNats } from './dist-nats.mjs';

const args = process.argv.slice(2);
const platforms = ['linux', 'mac', 'win'].filter((p) => args.includes(`--${p}`));
const passOn = args.filter((a) => !['--linux', '--mac', '--win'].includes(a));

// this machine's nats-server goes in first, so the check sees it
prepareNats();
const facts = gatherFacts(platforms);
const problems = preflight(facts);
const targets = facts.platforms.map((p) => `${p}: ${(facts.targets[p] ?? []).join(', ') || 'none'}`).join('; ');
if (problems.length) {
  console.error(`\nnpm run dist: cannot build ${targets} on this machine (${facts.host} ${facts.arch}, Node ${facts.node}). Missing:`);
  for (const p of problems) console.error(`  - ${p.what}\n      how: ${p.fix}`);
  const all = facts.targets;
  console.error(`\nConfigured in electron-builder.yml: linux ${all.linux?.join(', ')}; mac ${all.mac?.join(', ')}; win ${all.win?.join(', ')}. Nothing was built.`);
  process.exit(2);
}

const run = (cmd, a) => {
  const r = spawnSync(cmd, a, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', 'build']);
const dist = join(ROOT, 'node_modules', 'electron', 'dist');
const hostOnly = facts.platforms.length === 1 && facts.platforms[0] === { linux: 'linux', darwin: 'mac', win32: 'win' }[facts.host];
run('npx', ['electron-builder', ...facts.platforms.map((p) => `--${p}`), ...(hostOnly && existsSync(dist) ? [`-c.electronDist=${dist}`] : []), ...passOn]);
