// Log files the master writes or tails (nats-server's log, the services' stdout/stderr): size
// rotation to `<file>.1` and the last lines for an error message or a buffer backfill.
import fs from 'node:fs';

/** How much of a file's end `lastLines` reads. */
const TAIL_WINDOW_BYTES = 64 * 1024;

/**
 * Rotates a log file above `maxBytes` to `<file>.1`. Before a start (copy=false) it is renamed;
 * while a process writes it (copy=true) it is copied and truncated (the writer appends, so it
 * continues at the new end). Either way `<file>.1` keeps the file's mode (a copy gets it too).
 * True when it rotated; an absent file is not an error.
 */
export function rotateIfLarge(file: string, maxBytes: number, copy = false): boolean {
  try {
    if (fs.statSync(file).size <= maxBytes) return false;
    if (copy) {
      fs.copyFileSync(file, `${file}.1`);
      fs.truncateSync(file, 0);
    } else {
      fs.renameSync(file, `${file}.1`);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The last `lines` lines of a file written since `fromOffset` (at most its last 64 KiB are read;
 * a line cut by that window is dropped), without line ends. Empty when the file is absent.
 */
export function lastLines(file: string, lines: number, fromOffset = 0): string[] {
  try {
    const size = fs.statSync(file).size;
    const start = Math.max(fromOffset, size - TAIL_WINDOW_BYTES);
    if (size <= start) return [];
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      const all = buf.toString('utf8').split('\n');
      if (start > fromOffset) all.shift(); // cut mid-line
      if (all[all.length - 1] === '') all.pop();
      return all.slice(-lines).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
}
