// The desktop's stored files survive a restart of the module (a new store reads what the old one
// wrote), refuse what their schema refuses, and keep recent files capped and de-duplicated.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RECENT, placeWindow, RecentFiles, SettingsStore, WindowStateStore } from './stores.js';

let dir = '';
let warnings: string[] = [];
const log = { warn: (m: string) => void warnings.push(m) };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'f8-stores-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('start from the defaults, and a new store (a restart) reads what the last one wrote', () => {
    const a = new SettingsStore(dir, log);
    expect(a.get()).toEqual({ servicesDirs: [], theme: 'system', liveDefault: false, dataDir: null });
    a.set({ theme: 'dark', liveDefault: true });
    a.set({ servicesDirs: ['/srv/f8', '/srv/f8/', '/opt/x'], dataDir: '/data/f8' });
    const b = new SettingsStore(dir, log);
    expect(b.get()).toEqual({ servicesDirs: ['/srv/f8', '/opt/x'], theme: 'dark', liveDefault: true, dataDir: '/data/f8' });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([]);
  });

  it('a broken or wrong file gives the defaults and a warning naming it; nothing invalid is written', () => {
    writeFileSync(join(dir, 'settings.json'), '{"theme": "pink"');
    expect(new SettingsStore(dir, log).get().theme).toBe('system');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ servicesDirs: [], theme: 'pink', liveDefault: false, dataDir: null }));
    expect(new SettingsStore(dir, log).get().theme).toBe('system');
    expect(warnings).toHaveLength(2);
    expect(warnings.every((w) => w.includes(join(dir, 'settings.json')) && w.includes('using the defaults'))).toBe(true);
    const s = new SettingsStore(dir, log);
    expect(() => s.set({ theme: 'pink' as never })).toThrow(/not written/);
    expect(s.get().theme).toBe('system');
  });
});

describe('recent files', () => {
  it('newest first, each path once (however it is spelt), at most MAX_RECENT, kept across a restart', () => {
    const r = new RecentFiles(dir, log);
    for (let i = 0; i < MAX_RECENT + 3; i++) r.add(`/g/${i}.f8graph`);
    r.add('/g/5.f8graph');
    r.add('/g/./sub/../5.f8graph');
    const again = new RecentFiles(dir, log).all();
    expect(again).toHaveLength(MAX_RECENT);
    expect(again[0]).toEqual({ path: '/g/5.f8graph', name: '5.f8graph' });
    expect(again.filter((f) => f.path === '/g/5.f8graph')).toHaveLength(1);
    expect(again.map((f) => f.name)).not.toContain('0.f8graph');
    expect(again[1]?.name).toBe(`${MAX_RECENT + 2}.f8graph`);
    const r2 = new RecentFiles(dir, log);
    expect(r2.has('/g/sub/../5.f8graph')).toBe(true);
    r2.remove('/g/5.f8graph');
    expect(new RecentFiles(dir, log).has('/g/5.f8graph')).toBe(false);
    r2.clear();
    expect(JSON.parse(readFileSync(join(dir, 'recent.json'), 'utf8'))).toEqual([]);
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('is kept across a restart', () => {
    new WindowStateStore(dir, log).save({ x: 100.4, y: 50, width: 1200, height: 700, maximized: true });
    expect(new WindowStateStore(dir, log).load()).toEqual({ x: 100, y: 50, width: 1200, height: 700, maximized: true });
  });

  it('opens where it was when that is on a screen, else at the default size; too large is shrunk to the screen', () => {
    expect(placeWindow(null, screen)).toEqual({ bounds: { width: 1400, height: 900 }, maximized: false });
    expect(placeWindow({ x: 100, y: 50, width: 1200, height: 700, maximized: false }, screen)).toEqual({ bounds: { x: 100, y: 50, width: 1200, height: 700 }, maximized: false });
    // the monitor it was on is gone
    expect(placeWindow({ x: 2500, y: 100, width: 1200, height: 700, maximized: true }, screen)).toEqual({ bounds: { width: 1400, height: 900 }, maximized: true });
    // on the second monitor, which is there
    expect(placeWindow({ x: 2500, y: 100, width: 1200, height: 700, maximized: false }, [...screen, { x: 1920, y: 0, width: 2560, height: 1440 }]).bounds).toEqual({
      x: 2500,
      y: 100,
      width: 1200,
      height: 700,
    });
    expect(placeWindow({ x: -50, y: 0, width: 3000, height: 2000, maximized: false }, screen).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });
});
