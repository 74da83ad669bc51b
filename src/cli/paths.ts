// Where the CLI finds the built-in services folder and the default data dir.
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

export function builtinServicesDir(): string {
  return join(projectRoot(), 'services');
}

export function defaultDataDir(): string {
  return join(homedir(), '.f8studio');
}

/** Search order: the built-in services/, then --services folders, then F8_SERVICES_DIRS. */
export function servicesDirs(flags: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.F8_SERVICES_DIRS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set([builtinServicesDir(), ...flags, ...fromEnv].map((d) => resolve(d)))];
}
