// The backend's start-up, shared by `f8 master`, `f8 run` and the desktop app (see host.ts).
export { startHost, HostStartError, type Host, type HostOptions } from './host.js';
export { defaultDataDir, servicesDirs } from './paths.js';

import type { Logger } from '../shared/ports.js';
import { projectRoot, servicesDirs } from './paths.js';
import { builtinServicesDir } from './services.js';

/**
 * The services folders of `f8 master` and `f8 run`: the built bundles (out/services) when they
 * are newer than the sources, else the TypeScript services (with a warning when a stale build is
 * there), then --services folders, then F8_SERVICES_DIRS.
 */
export function defaultServicesDirs(flags: string[], env: NodeJS.ProcessEnv, log?: Pick<Logger, 'warn'>): string[] {
  return servicesDirs(flags, env, builtinServicesDir({ root: projectRoot(), ...(log ? { log } : {}) }).dir);
}
export { natsServerVersion } from './nats-version.js';
export { readSecrets as readDataDirSecrets } from '../main/nats/secrets.js';
export { runningMasterUrl } from './running.js';
// the CLI checks manifests and graphs without a master (f8 validate, f8 run)
export { scanManifests } from '../main/master/catalog/manifest.js';
