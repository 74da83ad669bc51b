// Which built-in services folder the backend uses: the self-contained bundles in out/services
// (written by `npm run build:services`, the only form an installed app has) or the TypeScript
// services in services/ (run through tsx; what a source checkout edits).
//
// A checkout may hold both. The bundles are used only while they are at least as new as every
// source file they are made of, so that an edit to a service, the SDK or a schema is never
// silently ignored because an old build lies around. The check is a stat walk (no hashing):
// cheap enough for every start-up.
import fs from 'node:fs';
import path from 'node:path';

/** The marker the build writes into out/services (scripts/build-services.ts). */
export const BUILT_MARKER = '.built.json';

/** Folders (relative to the project root) whose files end up in the bundles or beside them. */
export const BUNDLE_SOURCE_DIRS = ['services', 'src/sdk', 'src/shared', 'src/bus', 'schemas'] as const;

export interface BuiltMarker {
  /** When the build finished (ms since the epoch). */
  builtAt: number;
  /** The newest mtime among the source files when the build started (ms since the epoch). */
  sources: number;
}

export interface ServicesDirChoice {
  dir: string;
  /** True: `dir` holds the bundles (out/services); false: the TypeScript services. */
  built: boolean;
}

// One warning per root and process: the CLI and the desktop may both ask during one start-up.
const warned = new Set<string>();

/** Without it the TypeScript services cannot run at all (every one of them imports the SDK). */
const SDK_ENTRY = path.join('src', 'sdk', 'index.ts');

/**
 * `<root>/out/services` when it exists and is newer than every source file of the bundles, or
 * when there are no sources to run (a packaged app ships out/services, and at most manifests and
 * schemas without the SDK's TypeScript, whose copied mtimes prove nothing); `<root>/services`
 * otherwise, warning once when out/services exists but is stale.
 *
 * In a packaged Electron app `root` is `.../resources/app.asar`: a process cannot run with its
 * working folder inside an archive, so the unpacked copy (`app.asar.unpacked`) is preferred.
 */
export function builtinServicesDir(opts: { root: string; log?: { warn(m: string): void } }): ServicesDirChoice {
  const root = path.resolve(opts.root);
  const source = path.join(root, 'services');
  const out = unpacked(path.join(root, 'out', 'services'));
  if (!isDir(out)) return { dir: source, built: false };
  if (!fs.existsSync(path.join(root, SDK_ENTRY))) return { dir: out, built: true };
  const newest = newestSourceMtime(root);
  if (newest === null) return { dir: out, built: true };
  const builtFrom = builtTime(out);
  if (builtFrom !== null && newest <= builtFrom) return { dir: out, built: true };
  if (!warned.has(root)) {
    warned.add(root);
    opts.log?.warn('the built services in out/services are older than the sources: using the TypeScript services (npm run build:services to refresh)');
  }
  return { dir: source, built: false };
}

/**
 * The newest mtime (ms) of the files under BUNDLE_SOURCE_DIRS, skipping node_modules and test
 * files (a test does not end up in a bundle); null when none of those folders has a file.
 */
export function newestSourceMtime(root: string): number | null {
  let newest: number | null = null;
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // absent (a packaged app) or unreadable: nothing to compare
    }
    for (const e of entries) {
      if (e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.isFile() && !/\.test\.ts$/.test(e.name)) {
        const m = mtimeOf(p);
        if (m !== null && (newest === null || m > newest)) newest = m;
      }
    }
  };
  for (const d of BUNDLE_SOURCE_DIRS) walk(path.join(root, d));
  return newest;
}

/** The marker's source time (else its build time); without a marker, the folder's own mtime. */
function builtTime(out: string): number | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(out, BUILT_MARKER), 'utf8')) as Partial<BuiltMarker>;
    // `sources` was read before bundling: a file saved during the build counts as newer than it
    if (typeof m.sources === 'number' && Number.isFinite(m.sources)) return m.sources;
    if (typeof m.builtAt === 'number' && Number.isFinite(m.builtAt)) return m.builtAt;
  } catch {
    // no marker (an older build, or copied by hand): fall through
  }
  return mtimeOf(out);
}

/** `.../app.asar/x` -> `.../app.asar.unpacked/x` when that exists (Electron unpacks asarUnpack files there). */
function unpacked(dir: string): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  const i = dir.lastIndexOf(marker);
  if (i < 0) return dir;
  const candidate = `${dir.slice(0, i)}${path.sep}app.asar.unpacked${path.sep}${dir.slice(i + marker.length)}`;
  return isDir(candidate) ? candidate : dir;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function mtimeOf(p: string): number | null {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return null;
  }
}
