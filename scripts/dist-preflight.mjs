// What `npm run dist` needs before it builds anything, and what this machine lacks: the Electron
// binary (electron-builder packs it), Node 22.12+ for the Electron tooling, the platform's own
// tools (dmg only on macOS; nsis on Windows, or on Linux with wine), and a nats-server for each
// platform (build/bin/<os>-<arch>/, put there by scripts/dist-nats.mjs). `preflight(facts)` is
// pure; `gatherFacts()` looks at this machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
/** Where the per-platform nats-server binaries go (F8_DIST_BIN for tests). */
export const BIN = process.env.F8_DIST_BIN ? resolve(process.env.F8_DIST_BIN) : join(ROOT, 'build', 'bin');

/** The targets electron-builder.yml names per platform (`linux: target: [AppImage, deb]`, `mac: target: dmg`). */
export function configuredTargets(yml) {
  const out = {};
  let platform = null;
  for (const line of yml.split('\n')) {
    const top = /^(linux|mac|win):\s*$/.exec(line);
    if (top) platform = top[1];
    else if (/^\S/.test(line)) platform = null;
    const t = platform && /^\s+target:\s*(.+)$/.exec(line);
    if (t)
      out[platform] = t[1]
        .replace(/[[\]]/g, '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
  return out;
}

const OS_OF = { linux: 'linux', darwin: 'mac', win32: 'win' };

/**
 * Problems that stop the build for `platforms` (electron-builder's names: linux, mac, win), each
 * with how to fix it; an empty list means go.
 */
export function preflight(f) {
  const problems = [];
  const [major, minor] = f.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12))
    problems.push({
      what: `Node ${f.node}: the Electron tooling (electron, @electron/get) needs Node 22.12 or newer`,
      fix: 'use Node 22.12+ for `npm run dist` (nvm install 22); the app itself and its tests run on Node 20',
    });
  if (!f.electronBinary)
    problems.push({
      what: `the Electron ${f.electronVersion} binary is not on this machine (node_modules/electron/dist, or a cached electron-v${f.electronVersion}-*.zip)`,
      fix: 'on a machine with internet access run `node node_modules/electron/install.js` (or `npx electron --version`), or put the release zip in ~/.cache/electron',
    });
  for (const platform of f.platforms) {
    const targets = f.targets[platform] ?? [];
    if (!targets.length) problems.push({ what: `no ${platform} target is configured in electron-builder.yml`, fix: `add one under ${platform}: target:` });
    if (platform === 'mac' && f.host !== 'darwin')
      problems.push({ what: `${targets.join(', ') || 'dmg'} (macOS) can only be built on macOS (hdiutil, codesign)`, fix: 'run `npm run dist -- --mac` on a Mac' });
    if (platform === 'win' && f.host !== 'win32' && !f.wine)
      problems.push({
        what: `${targets.join(', ') || 'nsis'} (Windows) needs Windows, or wine on ${f.host}`,
        fix: 'run `npm run dist -- --win` on Windows, or install wine (apt-get install wine) and retry',
      });
    if (!f.nats[platform])
      problems.push({
        what: `no nats-server for ${platform}-${f.arch} in build/bin/${platform}-${f.arch}/`,
        fix: `put one there (from https://github.com/nats-io/nats-server/releases); \`node scripts/dist-nats.mjs\` copies this machine's`,
      });
  }
  return problems;
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function hasCommand(cmd) {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The facts about this machine for `platforms` (default: the host's). */
export function gatherFacts(platforms, env = process.env) {
  const version = electronVersion();
  const host = process.platform;
  const arch = process.arch;
  const cache =
    env.ELECTRON_CACHE ??
    (host === 'darwin'
      ? join(homedir(), 'Library', 'Caches', 'electron')
      : host === 'win32'
        ? join(env.LOCALAPPDATA ?? homedir(), 'electron', 'Cache')
        : join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron'));
  const dist = join(ROOT, 'node_modules', 'electron', 'dist');
  const zipFor = (os) => join(cache, `electron-v${version}-${os === 'mac' ? 'darwin' : os === 'win' ? 'win32' : 'linux'}-${arch}.zip`);
  const wanted = platforms.length ? platforms : [OS_OF[host]];
  const electronBinary = wanted.every((os) => (os === OS_OF[host] && existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt')) && existsSync(dist)) || existsSync(zipFor(os)));
  const nats = Object.fromEntries(wanted.map((os) => [os, existsSync(join(BIN, `${os}-${arch}`, os === 'win' ? 'nats-server.exe' : 'nats-server'))]));
  return {
    node: process.versions.node,
    electronVersion: version,
    electronBinary,
    host,
    arch,
    platforms: wanted,
    targets: configuredTargets(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')),
    wine: host === 'linux' && wanted.includes('win') ? hasCommand('wine') : false,
    nats,
  };
}
