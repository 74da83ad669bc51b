// The launcher's injectable runtime: what `${node}` becomes and which variables its processes
// get (ELECTRON_RUN_AS_NODE under Electron), checked on resolveLaunch without starting anything.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/ports.js';
import { defaultRuntime, Launcher, type LauncherRuntime, type SpawnRequest } from './launcher.js';

const launcher = (runtime?: LauncherRuntime) => new Launcher({ logDir: path.join(os.tmpdir(), 'f8-runtime-test-unused'), log: silentLogger, ...(runtime ? { runtime } : {}) });
const req = (command: string, args: string[], extra: Partial<SpawnRequest> = {}): SpawnRequest => ({
  instanceId: 'rt1',
  manifestDir: os.tmpdir(),
  launch: { command, args },
  env: { F8_SERVICE_ID: 'rt1' },
  restartPolicy: 'never',
  ...extra,
});

describe('launcher runtime', () => {
  it('replaces ${node} with the runtime execPath and adds its env to ${node} processes', () => {
    const l = launcher({ execPath: '/opt/app/f8studio', env: { ELECTRON_RUN_AS_NODE: '1' } });
    const r = l.resolveLaunch(req('${node}', ['main.mjs', '--node=${node}']));
    expect(r.command).toBe('/opt/app/f8studio');
    expect(r.args).toEqual(['main.mjs', '--node=/opt/app/f8studio']);
    expect(r.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(r.env.F8_SERVICE_ID).toBe('rt1');
  });

  it("the runtime's env wins over launch.env (it decides how its own binary behaves)", () => {
    const l = launcher({ execPath: '/opt/app/f8studio', env: { ELECTRON_RUN_AS_NODE: '1' } });
    const r = l.resolveLaunch(req('${node}', ['main.mjs'], { launch: { command: '${node}', args: ['main.mjs'], env: { ELECTRON_RUN_AS_NODE: '0', OTHER: 'x' } } }));
    expect(r.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(r.env.OTHER).toBe('x');
  });

  it('other commands do not get the runtime env', () => {
    const before = process.env.ELECTRON_RUN_AS_NODE;
    delete process.env.ELECTRON_RUN_AS_NODE;
    try {
      const l = launcher({ execPath: '/opt/app/f8studio', env: { ELECTRON_RUN_AS_NODE: '1' } });
      const r = l.resolveLaunch(req('/usr/bin/python3', ['svc.py']));
      expect(r.command).toBe('/usr/bin/python3');
      expect(r.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    } finally {
      if (before !== undefined) process.env.ELECTRON_RUN_AS_NODE = before;
    }
  });

  it('defaults to this process: its execPath, and ELECTRON_RUN_AS_NODE only under Electron', () => {
    expect(defaultRuntime().execPath).toBe(process.execPath);
    expect(defaultRuntime().env?.ELECTRON_RUN_AS_NODE).toBe(process.versions.electron ? '1' : undefined);
    const r = launcher().resolveLaunch(req('${node}', ['main.mjs']));
    expect(r.command).toBe(process.execPath);
  });
});
