// The desktop's IPC handlers refuse a foreign or missing sender and a bad payload, and do their
// job for the app's own page (files read and written for real in a temp folder).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopIpc, isAppSender } from './ipc.js';
import { IPC_CHANNELS } from '../../shared/ipc.js';

const ORIGIN = 'http://127.0.0.1:43210';
const APP = `${ORIGIN}/`;
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function handlers(over: { open?: string | null; save?: string | null } = {}) {
  const asked: string[] = [];
  const h = desktopIpc({
    appOrigin: () => ORIGIN,
    connectionInfo: () => ({ natsWsUrl: 'ws://127.0.0.1:1', natsUrl: 'nats://127.0.0.1:2', token: 'secret' }),
    chooseOpenPath: async () => (asked.push('open'), over.open ?? null),
    chooseSavePath: async (name) => (asked.push(`save ${name}`), over.save ?? null),
  });
  return { h, asked };
}

describe('desktop IPC', () => {
  it('tells the app page from others by origin: another port, host, scheme, file:// and no frame are refused', () => {
    expect(isAppSender(`${ORIGIN}/?x=1#y`, ORIGIN)).toBe(true);
    for (const url of ['http://127.0.0.1:43211/', 'http://localhost:43210/', 'https://127.0.0.1:43210/', 'file:///app/index.html', 'about:blank', 'not a url', '', null, undefined]) {
      expect(isAppSender(url, ORIGIN), String(url)).toBe(false);
    }
  });

  it('every channel refuses a foreign sender and a missing frame, and hands nothing out', async () => {
    const { h, asked } = handlers({ open: '/etc/passwd' });
    for (const channel of Object.values(IPC_CHANNELS)) {
      for (const sender of ['http://evil.example/', 'file:///x.html', null]) {
        await expect(h[channel](sender, channel === IPC_CHANNELS.saveGraph ? { name: 'a.f8graph', text: '{}' } : undefined), `${channel} from ${sender}`).rejects.toThrow(/refused: the sender is not the app's window/);
      }
    }
    expect(asked).toEqual([]);
  });

  it('hands the app page its connection, with the token', async () => {
    const { h } = handlers();
    expect(await h[IPC_CHANNELS.connectionInfo](APP, undefined)).toEqual({ natsWsUrl: 'ws://127.0.0.1:1', natsUrl: 'nats://127.0.0.1:2', token: 'secret' });
    await expect(h[IPC_CHANNELS.connectionInfo](APP, { extra: 1 })).rejects.toThrow(/takes no payload/);
  });

  it('opens the file the dialog chose (path, name, text); a cancel is null', async () => {
    dir = mkdtempSync(join(tmpdir(), 'f8-ipc-'));
    const file = join(dir, 'demo.f8graph');
    writeFileSync(file, '{"nodes":[]}');
    expect(await handlers({ open: file }).h[IPC_CHANNELS.openGraph](APP, undefined)).toEqual({ path: file, name: 'demo.f8graph', text: '{"nodes":[]}' });
    expect(await handlers({ open: null }).h[IPC_CHANNELS.openGraph](APP, undefined)).toBeNull();
    await expect(handlers({ open: dir }).h[IPC_CHANNELS.openGraph](APP, undefined)).rejects.toThrow(/is not a file/);
  });

  it('saves back to the path without asking, asks where when there is none, and refuses bad payloads', async () => {
    dir = mkdtempSync(join(tmpdir(), 'f8-ipc-'));
    const file = join(dir, 'g.f8graph');
    const a = handlers({ save: join(dir, 'chosen') });
    expect(await a.h[IPC_CHANNELS.saveGraph](APP, { path: file, name: 'g.f8graph', text: '1' })).toEqual({ path: file, name: 'g.f8graph' });
    expect(readFileSync(file, 'utf8')).toBe('1');
    expect(a.asked).toEqual([]);
    expect(await a.h[IPC_CHANNELS.saveGraph](APP, { name: 'new.f8graph', text: '2' })).toEqual({ path: join(dir, 'chosen.f8graph'), name: 'chosen.f8graph' });
    expect(a.asked).toEqual(['save new.f8graph']);
    expect(readFileSync(join(dir, 'chosen.f8graph'), 'utf8')).toBe('2');
    for (const [bad, why] of [
      [null, 'expected an object'],
      [{ name: 'x', text: 1 }, 'text must be a string'],
      [{ name: '../x', text: '' }, 'name must be a file name'],
      [{ name: 'x', text: '', path: '' }, 'path must be a non-empty string'],
      [{ name: 'x', text: '', extra: true }, "unknown field 'extra'"],
    ] as const) {
      await expect(a.h[IPC_CHANNELS.saveGraph](APP, bad), why).rejects.toThrow(why);
    }
    expect(a.asked).toEqual(['save new.f8graph']);
  });
});
