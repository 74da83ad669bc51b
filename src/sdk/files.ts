// Files an instance may write: only under its own folder (F8_FILES_DIR, which the master sets to
// <data-dir>/recordings/<instanceId>/). A name from a graph, a state field or a command is
// relative, without `..`, and may not lead out through a symlink; the target, if it exists, is a
// regular file (no devices, fifos or folders). Bad names are `invalid`, nothing is touched.
import { constants, lstatSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { F8Error } from '../shared/errors.js';

const invalid = (name: string, why: string) => new F8Error('invalid', `file '${name}': ${why}`);

/** The absolute path for `name` under `root`, or an `invalid` F8Error saying what is wrong. */
export function resolveInside(root: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw invalid(String(name), 'a file name is needed');
  if (name.includes('\0')) throw invalid(name, 'contains a NUL character');
  if (isAbsolute(name) || /^[a-zA-Z]:/.test(name) || name.startsWith('\\\\')) throw invalid(name, `absolute paths are refused: name a file inside ${root}`);
  if (name.split(/[\\/]+/).includes('..')) throw invalid(name, "'..' is refused: name a file inside the folder");
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const realRoot = realpathSync(root);
  const target = resolve(realRoot, name);
  if (!isUnder(realRoot, target)) throw invalid(name, 'leads outside the folder');
  // every existing component must stay inside once symlinks are followed
  let existing = target;
  while (!exists(existing)) existing = dirname(existing);
  const real = realpathSync(existing);
  if (!isUnder(realRoot, real) && real !== realRoot) throw invalid(name, 'a symlink on the way leads outside the folder');
  if (existing === target) {
    const st = lstatSync(target);
    if (st.isSymbolicLink()) throw invalid(name, 'is a symlink');
    if (!st.isFile()) throw invalid(name, 'exists and is not a regular file');
  }
  return target;
}

/** Opens `name` under `root` for appending (created when absent; never through a symlink). */
export function openInsideForAppend(root: string, name: unknown): { fd: number; path: string } {
  const path = resolveInside(root, name);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    return { fd: openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600), path };
  } catch (err) {
    throw invalid(String(name), (err as Error).message);
  }
}

/** The folder this instance may write files in (F8_FILES_DIR; a temp-free default next to the cwd for a hand-run service). */
export function filesDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.F8_FILES_DIR ?? join(process.cwd(), 'recordings'));
}

function isUnder(root: string, p: string): boolean {
  const r = relative(root, p);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) && !r.split(sep).includes('..');
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
