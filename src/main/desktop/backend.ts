// The desktop app's start-up options: the same backend as `f8 master` (src/host), with the app's
// own binary as the services' Node (ELECTRON_RUN_AS_NODE), its bundled nats-server, its built
// services, and the editor's web server awaited (the window loads the editor from it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir, servicesDirs, type HostOptions } from '../../host/index.js';
import { builtinServicesDir } from '../../host/services.js';
import type { Logger } from '../../shared/ports.js';
import type { GatewaySetting } from '../../shared/ipc.js';

export interface DesktopFacts {
  env: NodeJS.ProcessEnv;
  /** The project root in a checkout, or `<resources>/app.asar` in a packaged app. */
  appPath: string;
  isPackaged: boolean;
  /** process.resourcesPath of a packaged app (extraResources: bin/nats-server). */
  resourcesPath?: string;
  /** The app's own binary (Electron), run as Node for services. */
  execPath: string;
  log: Logger;
  /** More services folders (the settings), after the built-in ones, --services and F8_SERVICES_DIRS. */
  servicesDirs?: string[];
  /** The data dir chosen in the settings; F8_DATA_DIR wins over it. */
  dataDir?: string | null;
  /** The settings' HTTP gateway (off unless enabled; one that does not start is logged, the app runs on). */
  gateway?: GatewaySetting;
}

/** Files a packaged app runs as processes live beside app.asar, unpacked. */
export function unpacked(path: string): string {
  return path.replace(/app\.asar(?=$|[\\/])/, 'app.asar.unpacked');
}

export function desktopHostOptions(f: DesktopFacts): HostOptions {
  const root = unpacked(f.appPath);
  const builtin = builtinServicesDir({ root, log: f.log }).dir;
  const bundledNats = f.isPackaged && f.resourcesPath ? join(f.resourcesPath, 'bin', process.platform === 'win32' ? 'nats-server.exe' : 'nats-server') : null;
  const external = f.env.F8_NATS_URL || undefined;
  return {
    dataDir: desktopDataDir(f.env, f.dataDir),
    servicesDirs: servicesDirs(f.servicesDirs ?? [], f.env, builtin),
    log: f.log,
    env: f.env,
    ...(external ? { natsUrl: external, ...(f.env.F8_NATS_WS_URL ? { natsWsUrl: f.env.F8_NATS_WS_URL } : {}) } : {}),
    web: {},
    awaitWeb: true,
    ...(bundledNats && existsSync(bundledNats) && !f.env.F8_NATS_SERVER ? { natsBinary: bundledNats } : {}),
    runtime: { execPath: f.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } },
    ...(f.gateway?.enabled ? { gateway: { port: f.gateway.port, required: false } } : {}),
  };
}

/** F8_DATA_DIR, else the settings' data dir, else ~/.f8studio. */
export function desktopDataDir(env: NodeJS.ProcessEnv, fromSettings?: string | null): string {
  return defaultDataDir(!env.F8_DATA_DIR?.trim() && fromSettings ? { ...env, F8_DATA_DIR: fromSettings } : env);
}
