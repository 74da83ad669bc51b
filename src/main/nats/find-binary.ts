// Locating the nats-server binary to embed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BINARY_NAME = process.platform === 'win32' ? 'nats-server.exe' : 'nats-server';

export class NatsServerNotFoundError extends Error {
  /** The places that were searched, each with the reason it did not qualify. */
  readonly searched: string[];

  constructor(searched: string[]) {
    super(
      [
        'nats-server was not found. Searched:',
        ...searched.map((s) => `  - ${s}`),
        'Install it with one of:',
        '  - Debian/Ubuntu: apt-get install nats-server',
        '  - macOS (Homebrew): brew install nats-server',
        '  - or set F8_NATS_SERVER=/path/to/nats-server',
        '  - or put the nats-server binary in build/bin of the f8studio checkout',
      ].join('\n'),
    );
    this.name = 'NatsServerNotFoundError';
    this.searched = searched;
  }
}

/** Why `file` is not a usable executable, or undefined when it is. */
export function unusableReason(file: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return 'not found';
  }
  if (!st.isFile()) return 'not a file';
  if (process.platform === 'win32') return undefined;
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'not executable';
  }
  return undefined;
}

/**
 * The repository root (the nearest folder above this module holding a package.json), so the
 * default bundled dir works from src/ (tsx, vitest), dist/ (tsc build) and out/ (electron-vite).
 */
export function repoRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '../../..');
    dir = parent;
  }
}

export function defaultBundledDir(): string {
  return path.join(repoRoot(), 'build', 'bin');
}

/**
 * Find the nats-server binary. Order: `env.F8_NATS_SERVER` (must exist and be executable),
 * then `nats-server` on `env.PATH`, then `<bundledDir>/nats-server`. Throws
 * NatsServerNotFoundError listing every place searched.
 */
/** Folders where system packages put the binary but that a user's PATH often lacks (/usr/sbin on Debian). */
export const WELL_KNOWN_DIRS: readonly string[] = process.platform === 'win32' ? [] : ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

export function findNatsServer(opts: { env?: NodeJS.ProcessEnv; bundledDir?: string; wellKnownDirs?: readonly string[] } = {}): string {
  const env = opts.env ?? process.env;
  const searched: string[] = [];

  const fromEnv = env.F8_NATS_SERVER;
  if (fromEnv) {
    const file = path.resolve(fromEnv);
    const why = unusableReason(file);
    if (!why) return file;
    searched.push(`F8_NATS_SERVER=${fromEnv} (${why})`);
  } else {
    searched.push('F8_NATS_SERVER (not set)');
  }

  const pathVar = env.PATH ?? env.Path ?? '';
  const dirs = pathVar.split(path.delimiter).filter((d) => d.length > 0);
  for (const dir of dirs) {
    const file = path.resolve(dir, BINARY_NAME);
    if (!unusableReason(file)) return file;
  }
  searched.push(dirs.length > 0 ? `PATH (${dirs.join(path.delimiter)})` : 'PATH (empty)');

  const bundledDir = opts.bundledDir ?? defaultBundledDir();
  const bundled = path.resolve(bundledDir, BINARY_NAME);
  const why = unusableReason(bundled);
  if (!why) return bundled;
  searched.push(`${bundled} (${why})`);

  const known = opts.wellKnownDirs ?? (env.F8_NATS_SEARCH_WELL_KNOWN === '0' ? [] : WELL_KNOWN_DIRS);
  for (const dir of known) {
    const file = path.resolve(dir, BINARY_NAME);
    if (!unusableReason(file)) return file;
  }
  if (known.length) searched.push(`well-known folders (${known.join(', ')})`);

  throw new NatsServerNotFoundError(searched);
}
