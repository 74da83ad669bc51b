// The desktop's start-up options: the one data dir of every entry point, services run by the
// app's own binary as Node, the web server awaited, the bundled nats-server of a packaged app.
import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { desktopHostOptions, unpacked } from './backend.js';

const log = { info: () => {}, warn: () => {}, error: () => {} };

describe('desktop start-up options', () => {
  it('use ~/.f8studio (or F8_DATA_DIR) like the CLI, the app binary as Node with ELECTRON_RUN_AS_NODE, and wait for the web server', () => {
    const o = desktopHostOptions({ env: {}, appPath: '/repo', isPackaged: false, execPath: '/opt/f8studio/f8studio', log });
    expect(o.dataDir).toBe(join(homedir(), '.f8studio'));
    expect(o.runtime).toEqual({ execPath: '/opt/f8studio/f8studio', env: { ELECTRON_RUN_AS_NODE: '1' } });
    expect(o.awaitWeb).toBe(true);
    expect(o.web).toEqual({});
    expect(o.natsUrl).toBeUndefined();
    expect(desktopHostOptions({ env: { F8_DATA_DIR: '/data/f8' }, appPath: '/repo', isPackaged: false, execPath: 'x', log }).dataDir).toBe('/data/f8');
  });

  it('take F8_NATS_URL / F8_NATS_WS_URL as an external server', () => {
    const o = desktopHostOptions({ env: { F8_NATS_URL: 'nats://h:1', F8_NATS_WS_URL: 'ws://h:2' }, appPath: '/repo', isPackaged: false, execPath: 'x', log });
    expect(o.natsUrl).toBe('nats://h:1');
    expect(o.natsWsUrl).toBe('ws://h:2');
  });

  it('start the HTTP gateway only when the settings enable it, not required (the app runs on without it)', () => {
    const base = { env: {}, appPath: '/repo', isPackaged: false, execPath: 'x', log };
    expect(desktopHostOptions(base).gateway).toBeUndefined();
    expect(desktopHostOptions({ ...base, gateway: { enabled: false, port: 8788 } }).gateway).toBeUndefined();
    expect(desktopHostOptions({ ...base, gateway: { enabled: true, port: 8788 } }).gateway).toEqual({ port: 8788, required: false });
  });

  it('run services from the unpacked side of app.asar', () => {
    expect(unpacked('/opt/f8/resources/app.asar')).toBe('/opt/f8/resources/app.asar.unpacked');
    expect(unpacked('/opt/f8/resources/app.asar/out/services')).toBe('/opt/f8/resources/app.asar.unpacked/out/services');
    expect(unpacked('/home/u/app.asarx/services')).toBe('/home/u/app.asarx/services');
    const o = desktopHostOptions({ env: {}, appPath: '/opt/f8/resources/app.asar', isPackaged: true, resourcesPath: '/opt/f8/resources', execPath: 'x', log });
    expect(o.servicesDirs[0]).toBe('/opt/f8/resources/app.asar.unpacked/services');
  });
});
