// The desktop's IPC handlers: every channel refuses a foreign or missing sender and a payload its
// schema refuses (before any work), and does its job for the app's own page (files read and
// written for real in a temp folder; settings and recent files through the real stores).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopIpc, isAppSender, type IpcSender } from './ipc.js';
import { RecentFiles, SettingsStore } from './stores.js';
import { IPC_INVOKE, type IpcInvokeName } from '../../shared/ipc.js';

const ORIGIN = 'http://127.0.0.1:43210';
const APP: IpcSender = { url: `${ORIGIN}/`, windowId: 1 };
const STARTUP = 'data:text/html;charset=utf-8,%3C!doctype%20html%3E';
const GRAPH = JSON.stringify({ schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [], edges: [] });
let dir = '';
let calls: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'f8-ipc-'));
  calls = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function handlers(over: { open?: string | null; save?: string | null } = {}) {
  const user = join(dir, 'user');
  const log = { warn: (m: string) => calls.push(`warn ${m}`) };
  const recent = new RecentFiles(user, log);
  const settings = new SettingsStore(user, log);
  const h = desktopIpc({
    appOrigin: () => ORIGIN,
    startupPageUrl: () => STARTUP,
    connectionInfo: () => ({ natsWsUrl: 'ws://127.0.0.1:1', natsUrl: 'nats://127.0.0.1:2', token: 'secret' }),
    chooseOpenPath: async () => (calls.push('open dialog'), over.open ?? null),
    chooseSavePath: async (name) => (calls.push(`save dialog ${name}`), over.save ?? null),
    recent,
    settings,
    appInfo: async () => ({
      name: 'f8studio',
      version: '0.1.0',
      electron: null,
      chrome: null,
      node: '20',
      natsServer: '2.9.10',
      platform: 'linux x64',
      dataDir: '/d',
      logsDir: '/d/logs',
      settingsFile: '/u/settings.json',
    }),
    revealLogs: async () => void calls.push('reveal logs'),
    openDataFolder: async () => void calls.push('open data folder'),
    documentState: (id, s) => void calls.push(`document ${id} ${s.name} ${s.dirty}`),
    menuState: (id, c) => void calls.push(`menu ${id} ${c.length}`),
    reply: (id, r) => void calls.push(`reply ${id} ${r.requestId}`),
    startupAction: (a) => void calls.push(`startup ${a}`),
  });
  const call = (name: IpcInvokeName, payload: unknown, sender: IpcSender = APP) => (h[IPC_INVOKE[name].channel] as (s: IpcSender, p: unknown) => Promise<unknown>)(sender, payload);
  return { h, call, recent, settings };
}

/** A well-formed payload for each call (what the preload sends). */
const GOOD: Record<IpcInvokeName, unknown> = {
  connectionInfo: {},
  openGraph: {},
  saveGraph: { name: 'a.f8graph', text: GRAPH },
  openPath: { path: '/nowhere/a.f8graph' },
  recentFiles: {},
  openRecent: { path: '/nowhere/a.f8graph' },
  getSettings: {},
  setSettings: { theme: 'dark' },
  appInfo: {},
  revealLogs: {},
  openDataFolder: {},
  documentState: { name: 'demo.json', dirty: true },
  menuState: { commands: [] },
  reply: { requestId: 1, value: { dirty: false } },
  startupAction: { action: 'retry' },
};

/** Payloads each channel must refuse: wrong type, unknown field, and one bad field where there is one. */
const BAD: Record<IpcInvokeName, unknown[]> = {
  connectionInfo: [undefined, null, { extra: 1 }, 'x'],
  openGraph: [undefined, [], { path: '/etc/passwd' }],
  saveGraph: [undefined, { name: '../x', text: '' }, { name: 'x', text: 1 }, { name: 'x', text: '', path: 'relative.f8graph' }, { name: 'x', text: '', extra: true }],
  openPath: [undefined, {}, { path: 'relative.json' }, { path: '/a\u0000b.json' }],
  recentFiles: [undefined, { all: true }],
  openRecent: [undefined, { path: 5 }, { path: '' }],
  getSettings: [undefined, { key: 'theme' }],
  setSettings: [undefined, {}, { theme: 'neon' }, { servicesDirs: ['rel'] }, { token: 'x' }],
  appInfo: [undefined, { verbose: true }],
  revealLogs: [undefined, { path: '/' }],
  openDataFolder: [undefined, { path: '/' }],
  documentState: [undefined, { name: '', dirty: true }, { name: 'a', dirty: 'yes' }, { name: 'a', dirty: true, path: 'rel' }],
  menuState: [undefined, { commands: [{ id: 'x' }] }, { commands: 'all' }],
  reply: [undefined, { requestId: 0, value: {} }, { requestId: 1, value: { dirty: 1 } }, { requestId: 1, value: { evil: true } }],
  startupAction: [undefined, { action: 'rm' }, { action: 'quit', now: true }],
};

describe('desktop IPC: who may call', () => {
  it('tells the app page from others by origin: another port, host, scheme, file:// and no frame are refused', () => {
    expect(isAppSender(`${ORIGIN}/?x=1#y`, ORIGIN)).toBe(true);
    for (const url of ['http://127.0.0.1:43211/', 'http://localhost:43210/', 'https://127.0.0.1:43210/', 'file:///app/index.html', 'about:blank', 'not a url', '', null, undefined]) {
      expect(isAppSender(url, ORIGIN), String(url)).toBe(false);
    }
  });

  it('every channel refuses a foreign sender and a missing frame, and does nothing', async () => {
    const { call } = handlers({ open: '/etc/passwd' });
    for (const name of Object.keys(IPC_INVOKE) as IpcInvokeName[]) {
      const startup = name === 'startupAction';
      for (const url of ['http://evil.example/', 'http://127.0.0.1:1/', 'file:///x.html', startup ? `${ORIGIN}/` : STARTUP, null, undefined]) {
        await expect(call(name, GOOD[name], { url, windowId: 1 }), `${name} from ${String(url)}`).rejects.toThrow(/refused: the sender is not the app's/);
      }
    }
    expect(calls).toEqual([]);
  });

  it('every channel refuses a bad payload before doing anything', async () => {
    const { call } = handlers({ open: '/etc/passwd', save: join(dir, 'x') });
    for (const name of Object.keys(IPC_INVOKE) as IpcInvokeName[]) {
      const sender = name === 'startupAction' ? { url: STARTUP, windowId: 1 } : APP;
      for (const payload of BAD[name]) await expect(call(name, payload, sender), `${name} ${JSON.stringify(payload)}`).rejects.toThrow(/refused: bad payload/);
    }
    expect(calls).toEqual([]);
  });
});

describe('desktop IPC: what each call does for the app page', () => {
  it('hands the app page its connection, app info, settings; passes document, menu, replies and start-up actions on', async () => {
    const { call } = handlers();
    expect(await call('connectionInfo', {})).toEqual({ natsWsUrl: 'ws://127.0.0.1:1', natsUrl: 'nats://127.0.0.1:2', token: 'secret' });
    expect(await call('appInfo', {})).toMatchObject({ natsServer: '2.9.10' });
    expect(await call('getSettings', {})).toEqual({ servicesDirs: [], theme: 'system', liveDefault: false, dataDir: null });
    expect(await call('setSettings', { theme: 'dark', liveDefault: true })).toEqual({ servicesDirs: [], theme: 'dark', liveDefault: true, dataDir: null });
    await call('documentState', { name: 'demo.json', dirty: true });
    await call('menuState', { commands: [{ id: 'file.save', title: 'Save', group: 'file', keys: ['Mod+S'], enabled: true }] });
    await call('reply', { requestId: 7, value: { saved: true } });
    await call('revealLogs', {});
    await call('openDataFolder', {});
    await call('startupAction', { action: 'quit' }, { url: STARTUP, windowId: 1 });
    expect(calls).toEqual(['document 1 demo.json true', 'menu 1 1', 'reply 1 7', 'reveal logs', 'open data folder', 'startup quit']);
  });

  it('opens the file the dialog chose and remembers it as recent; a cancel is null', async () => {
    const file = join(dir, 'demo.f8graph');
    writeFileSync(file, GRAPH);
    const a = handlers({ open: file });
    expect(await a.call('openGraph', {})).toEqual({ path: file, name: 'demo.f8graph', text: GRAPH });
    expect(await a.call('recentFiles', {})).toEqual([{ path: file, name: 'demo.f8graph' }]);
    expect(await handlers({ open: null }).call('openGraph', {})).toBeNull();
    await expect(handlers({ open: dir }).call('openGraph', {})).rejects.toThrow(/is not a file/);
  });

  it('saves back without asking only to a path it handed out; asks where when there is none', async () => {
    const file = join(dir, 'g.f8graph');
    writeFileSync(file, GRAPH);
    const a = handlers({ open: file, save: join(dir, 'chosen') });
    // a path the page names by itself is refused: a compromised page cannot write anywhere
    await expect(a.call('saveGraph', { path: join(dir, 'other.f8graph'), name: 'other.f8graph', text: '1' })).rejects.toThrow(/refused: .* was not opened or saved through this app/);
    await a.call('openGraph', {});
    expect(await a.call('saveGraph', { path: file, name: 'g.f8graph', text: '1' })).toEqual({ path: file, name: 'g.f8graph' });
    expect(readFileSync(file, 'utf8')).toBe('1');
    expect(calls).toEqual(['open dialog']);
    expect(await a.call('saveGraph', { name: 'new.f8graph', text: '2' })).toEqual({ path: join(dir, 'chosen.f8graph'), name: 'chosen.f8graph' });
    expect(calls).toEqual(['open dialog', 'save dialog new.f8graph']);
    expect(readFileSync(join(dir, 'chosen.f8graph'), 'utf8')).toBe('2');
    // the chosen path is known now: saved back without asking
    await a.call('saveGraph', { path: join(dir, 'chosen.f8graph'), name: 'chosen.f8graph', text: '3' });
    expect(calls).toHaveLength(2);
    expect(readFileSync(join(dir, 'chosen.f8graph'), 'utf8')).toBe('3');
  });

  it('opens a dropped file only when it is a graph file; a recent file only when it is in the list', async () => {
    const a = handlers();
    const graph = join(dir, 'dropped.f8graph');
    writeFileSync(graph, GRAPH);
    const secrets = join(dir, 'secrets.json');
    writeFileSync(secrets, '{"master":"x"}');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(await a.call('openPath', { path: graph })).toEqual({ path: graph, name: 'dropped.f8graph', text: GRAPH });
    await expect(a.call('openPath', { path: secrets })).rejects.toThrow(/refused: secrets.json is not an f8studio graph/);
    await expect(a.call('openPath', { path: join(dir, 'notes.txt') })).rejects.toThrow(/refused: notes.txt is not a graph file/);
    expect(await a.call('openRecent', { path: graph })).toMatchObject({ name: 'dropped.f8graph' });
    await expect(a.call('openRecent', { path: secrets })).rejects.toThrow(/refused: .* is not a recent file/);
  });
});
