// The data dir checked up front (a long-running command): a folder we can write, on a real
// filesystem. Anything else is one clear line and exit 1 within a second, not a hang
// (/proc) or a stack trace (a file in its place).
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
    fs.mkdirSync(abs, { recursive: true });
    const probe = path.join(abs, `.f8-write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    return `data dir ${abs} is not usable: ${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message.split(':')[0]}`.replace(/\s+/g, ' ').trim();
  }
  return null;
}
