#!/usr/bin/env node
// Puts this machine's nats-server into build/bin/<os>-<arch>/ (electron-builder's extraResources
// bundle it with the app: resources/bin/nats-server) and names the platforms still without one.
// Found like the app finds it: F8_NATS_SERVER, then PATH, then /usr/sbin, /usr/local/bin,
// /opt/homebrew/bin.
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BIN } from './dist-preflight.mjs';

const OS = { linux: 'linux', darwin: 'mac', win32: 'win' }[process.platform];
const EXE = process.platform === 'win32' ? 'nats-server.exe' : 'nats-server';
export const PLATFORMS = ['linux-x64', 'linux-arm64', 'mac-x64', 'mac-arm64', 'win-x64'];

function executable(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findHostNats(env = process.env) {
  if (env.F8_NATS_SERVER && executable(env.F8_NATS_SERVER)) return env.F8_NATS_SERVER;
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'];
  return dirs.map((d) => join(d, EXE)).find(executable) ?? null;
}

export function main() {
  const here = `${OS}-${process.arch}`;
  const dest = join(BIN, here);
  const src = findHostNats();
  if (src) {
    mkdirSync(dest, { recursive: true });
    copyFileSync(src, join(dest, EXE));
    chmodSync(join(dest, EXE), 0o755);
    console.log(`nats-server for ${here}: copied from ${src}`);
  } else {
    console.log(`nats-server for ${here}: none found on this machine (F8_NATS_SERVER, PATH, /usr/sbin, /usr/local/bin)`);
  }
  const missing = PLATFORMS.filter((p) => !existsSync(join(BIN, p, p.startsWith('win') ? 'nats-server.exe' : 'nats-server')));
  if (missing.length) console.log(`no nats-server yet for: ${missing.join(', ')} (put each in build/bin/<platform>/ from https://github.com/nats-io/nats-server/releases)`);
  return src ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
