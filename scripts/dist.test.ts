// `npm run dist`: configured for AppImage, deb, dmg and nsis; it checks what the machine lacks
// before building anything and stops at once naming each missing piece and how to get it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error: plain ESM script without types
import { configuredTargets, preflight } from './dist-preflight.mjs';

const root = resolve(import.meta.dirname, '..');
let bin = '';
beforeAll(() => void (bin = mkdtempSync(join(tmpdir(), 'f8-dist-bin-'))));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

type Facts = Parameters<typeof preflight>[0];
const ok = (over: Partial<Record<string, unknown>> = {}): Facts => ({
  node: '22.12.0',
  electronVersion: '45.4.1',
  electronBinary: true,
  host: 'linux',
  arch: 'x64',
  platforms: ['linux'],
  targets: configuredTargets(readFileSync(join(root, 'electron-builder.yml'), 'utf8')),
  wine: false,
  nats: { linux: true, mac: true, win: true },
  ...over,
});

describe('npm run dist', () => {
  it('electron-builder.yml configures AppImage and deb, dmg, nsis', () => {
    expect(configuredTargets(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))).toEqual({ linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] });
  });

  it('goes ahead only with Node 22.12+, the Electron binary, the platform tools and a nats-server', () => {
    expect(preflight(ok())).toEqual([]);
    const what = (f: Facts) => (preflight(f) as { what: string; fix: string }[]).map((p) => p.what);
    expect(what(ok({ node: '20.20.2' }))).toEqual([expect.stringMatching(/Node 20.20.2: .* needs Node 22.12/)]);
    expect(what(ok({ electronBinary: false }))).toEqual([expect.stringMatching(/Electron 45.4.1 binary is not on this machine/)]);
    expect(what(ok({ platforms: ['mac'] }))).toEqual([expect.stringMatching(/dmg \(macOS\) can only be built on macOS/)]);
    expect(what(ok({ platforms: ['mac'], host: 'darwin' }))).toEqual([]);
    expect(what(ok({ platforms: ['win'] }))).toEqual([expect.stringMatching(/nsis \(Windows\) needs Windows, or wine/)]);
    expect(what(ok({ platforms: ['win'], wine: true }))).toEqual([]);
    expect(what(ok({ nats: { linux: false } }))).toEqual([expect.stringMatching(/no nats-server for linux-x64/)]);
    for (const p of preflight(ok({ node: '18.0.0', electronBinary: false, platforms: ['linux', 'mac', 'win'], nats: {} })) as { fix: string }[]) expect(p.fix.length).toBeGreaterThan(10);
  });

  it('here: stops at once with what is missing and builds nothing', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs'), '--linux', '--mac', '--win'], {
      cwd: root,
      env: { ...process.env, F8_DIST_BIN: bin },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('Nothing was built');
    expect(r.stderr).toMatch(/Missing:/);
    expect(r.stderr).toMatch(/Electron 45\.4\.1 binary is not on this machine|Node .* needs Node 22\.12/);
    expect(r.stderr).toMatch(/dmg \(macOS\) can only be built on macOS/);
    expect(r.stderr).toContain('AppImage, deb');
    // nothing was built: no bundles rebuilt, no installers
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/electron-vite|electron-builder\s+version|building/);
    expect(existsSync(join(root, 'release'))).toBe(false);
    // this machine's nats-server was put where electron-builder takes it from
    expect(existsSync(join(bin, `linux-${process.arch}`, 'nats-server'))).toBe(true);
  });
});
