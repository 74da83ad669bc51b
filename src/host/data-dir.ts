// The data dir checked up front (a long-running command): a folder we can write, on a real
// filesystem. Anything else is one clear line and exit 1 within a second, not a hang
// (/proc) or a stack trace (a file in its place).
//
// It holds credentials (nats/secrets.json), instance logs and recordings: what f8 creates there
// is private to the user (folders 0700, files 0600). A data dir that already exists keeps its
// mode (the user may have chosen it, or share it on purpose); a group- or world-accessible one
// gets one warning that says how to close it.
import fs from 'node:fs';
import path from 'node:path';

/** statfs types of pseudo-filesystems (Linux magic numbers): proc, sysfs, devtmpfs, devpts, cgroup, cgroup2, debugfs, securityfs. */
const PSEUDO = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1373, 'devtmpfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
]);

/** The mode of the folders f8 creates in a data dir (and of the data dir itself when f8 creates it). */
export const PRIVATE_DIR = 0o700;

/** Null when `dir` is usable (created if absent), else what is wrong, in one line. */
export function dataDirProblem(dir: string): string | null {
  const abs = path.resolve(dir);
  // the nearest existing ancestor tells the filesystem before anything is created
  let existing = abs;
  while (!fs.existsSync(existing)) {
    const up = path.dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  try {
    const type = fs.statfsSync(existing).type;
    const pseudo = PSEUDO.get(Number(type));
    if (pseudo) return `data dir ${abs} is on a ${pseudo} pseudo-filesystem: choose a folder on a disk (--data-dir)`;
  } catch {
    /* statfs unsupported: the checks below still run */
  }
  try {
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) return `data dir ${abs} exists and is not a folder (--data-dir)`;
    fs.mkdirSync(abs, { recursive: true, mode: PRIVATE_DIR });
    const probe = path.join(abs, `.f8-write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    return `data dir ${abs} is not usable: ${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message.split(':')[0]}`.replace(/\s+/g, ' ').trim();
  }
  return null;
}

/** The data dir's own folders, created private (0700) when absent; existing ones are left as they are. */
export function makePrivateDirs(dataDir: string, names: readonly string[]): void {
  for (const name of names) fs.mkdirSync(path.join(dataDir, name), { recursive: true, mode: PRIVATE_DIR });
}

/**
 * A warning when others may look into the data dir (group or other bits set), else null.
 * Nothing on Windows, where modes do not say that.
 */
export function dataDirExposure(dir: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return null;
  let mode: number;
  try {
    mode = fs.statSync(dir).mode & 0o777;
  } catch {
    return null;
  }
  if ((mode & 0o077) === 0) return null;
  const abs = path.resolve(dir);
  return `data dir ${abs} is open to other users (mode ${mode.toString(8).padStart(4, '0')}); it holds credentials, logs and recordings: close it with "chmod 700 ${abs}" (f8 creates its own folders and files there private, 0700/0600, but leaves the mode of an existing data dir alone)`;
}

const warned = new Set<string>();

/** dataDirExposure, said once per data dir and process (the desktop may start the backend again). */
export function warnDataDirExposure(dir: string, warn: (msg: string) => void): void {
  const abs = path.resolve(dir);
  if (warned.has(abs)) return;
  const problem = dataDirExposure(abs);
  if (!problem) return;
  warned.add(abs);
  warn(problem);
}
