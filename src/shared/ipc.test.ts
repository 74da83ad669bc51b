// The IPC contract's schemas: each call's payload and reply, and each message main sends, has a
// schema that accepts the well-formed value and refuses the usual wrong ones.
import { describe, expect, it } from 'vitest';
import { validate } from './schemas.js';
import { IPC_EVENTS, IPC_INVOKE, IPC_SCHEMA_NAMES } from './ipc.js';

describe('the IPC contract', () => {
  it('names one schema per payload and reply, and every schema compiles', () => {
    const used = new Set<string>([...Object.values(IPC_INVOKE).flatMap((c) => [c.request, c.reply]), ...Object.values(IPC_EVENTS).map((e) => e.payload)]);
    expect([...used].filter((n) => !(IPC_SCHEMA_NAMES as readonly string[]).includes(n))).toEqual([]);
    for (const name of IPC_SCHEMA_NAMES) expect(() => validate(name, {}), name).not.toThrow();
    const channels = Object.values(IPC_INVOKE).map((c) => c.channel);
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('paths are absolute (POSIX or Windows) with no NUL; file names have no slashes', () => {
    for (const path of ['/home/a/demo.f8graph', 'C:\\Users\\a\\demo.f8graph', 'D:/x.json', '\\\\server\\share\\g.json']) expect(validate('ipc.pathRequest', { path }).ok, path).toBe(true);
    for (const path of ['demo.f8graph', '../etc/passwd', '', '/a\u0000b', 'file:///etc/passwd']) expect(validate('ipc.pathRequest', { path }).ok, path).toBe(false);
    expect(validate('ipc.saveRequest', { name: 'a.f8graph', text: '{}' }).ok).toBe(true);
    for (const name of ['a/b.f8graph', 'a\\b', '', 'x'.repeat(256)]) expect(validate('ipc.saveRequest', { name, text: '{}' }).ok, name).toBe(false);
    expect(validate('ipc.saveRequest', { name: 'a', text: '{}', extra: 1 }).ok).toBe(false);
    expect(validate('ipc.saveRequest', { name: 'a', text: 5 }).ok).toBe(false);
  });

  it('settings: a whole value, and a patch of at least one known field', () => {
    expect(validate('ipc.settings', { servicesDirs: ['/srv/f8'], theme: 'dark', liveDefault: true, dataDir: null }).ok).toBe(true);
    expect(validate('ipc.settings', { servicesDirs: [], theme: 'pink', liveDefault: true, dataDir: null }).ok).toBe(false);
    expect(validate('ipc.settingsPatch', { theme: 'light' }).ok).toBe(true);
    expect(validate('ipc.settingsPatch', {}).ok).toBe(false);
    expect(validate('ipc.settingsPatch', { servicesDirs: ['relative'] }).ok).toBe(false);
    expect(validate('ipc.settingsPatch', { token: 'x' }).ok).toBe(false);
  });

  it('menu state and menu commands carry registry ids', () => {
    const cmd = { id: 'file.save', title: 'Save', group: 'file', keys: ['Mod+S'], enabled: true };
    expect(validate('ipc.menuState', { commands: [cmd] }).ok).toBe(true);
    expect(validate('ipc.menuState', { commands: [{ ...cmd, group: 'window' }] }).ok).toBe(false);
    expect(validate('ipc.menuCommandEvent', { id: 'file.openExample', arg: 'demo' }).ok).toBe(true);
    expect(validate('ipc.menuCommandEvent', { id: 'rm -rf' }).ok).toBe(false);
    expect(validate('ipc.reply', { requestId: 3, value: { dirty: true, name: 'demo.json' } }).ok).toBe(true);
    expect(validate('ipc.reply', { requestId: 0, value: {} }).ok).toBe(false);
    expect(validate('ipc.startupAction', { action: 'retry' }).ok).toBe(true);
    expect(validate('ipc.startupAction', { action: 'format-disk' }).ok).toBe(false);
  });
});
