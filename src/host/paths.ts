// Where the backend finds the project (built-in services, the editor build) and the data dir.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The project root (the folder whose package.json is f8studio's). */
export function projectRoot(from = import.meta.dirname): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'f8studio') return dir;
      } catch {
        // keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(from, '../..');
    dir = up;
  }
}

/** The TypeScript services of a source checkout (`services/`). */
export function sourceServicesDir(root = projectRoot()): string {
  return join(root, 'services');
}

/**
 * The one default data dir of every entry point (`f8 master`, `f8 run`, the desktop app, and the
 * CLI commands that find a master): `F8_DATA_DIR`, else `~/.f8studio`. So `f8 deploy` with no
 * flags reaches the desktop's master and reads its credentials.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const set = env.F8_DATA_DIR?.trim();
  return set ? resolve(set) : join(homedir(), '.f8studio');
}

/** Search order: the built-in services, then --services folders, then F8_SERVICES_DIRS. */
export function servicesDirs(flags: string[], env: NodeJS.ProcessEnv = process.env, builtin = sourceServicesDir()): string[] {
  const fromEnv = (env.F8_SERVICES_DIRS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set([builtin, ...flags, ...fromEnv].map((d) => resolve(d)))];
}
