// The single-instance lock across stand-in processes, per user-data folder (Chromium keeps its
// process singleton there too): `<userData>/SingletonLock.standin` holds the first process's pid;
// a later process writes its argv, cwd and additionalData into `<userData>/SingletonInbox/` (a
// temp file renamed: the first never reads half a message) and is refused. The first watches the
// inbox and delivers each message once. A lock whose pid is dead is taken over.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** True when this process holds the lock; else its message was left for the holder. */
export function acquireSingleInstance(userData, additionalData, onSecond) {
  const lock = join(userData, 'SingletonLock.standin');
  const inbox = join(userData, 'SingletonInbox');
  mkdirSync(inbox, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      process.once('exit', () => {
        try {
          if (readFileSync(lock, 'utf8') === String(process.pid)) rmSync(lock, { force: true });
        } catch {
          // gone already
        }
      });
      serveInbox(inbox, onSecond);
      return true;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder && alive(holder)) {
        const name = `${process.pid}-${Date.now()}`;
        const message = JSON.stringify({ argv: process.argv, cwd: process.cwd(), additionalData: additionalData ?? {} });
        writeFileSync(join(inbox, `${name}.tmp`), message);
        renameSync(join(inbox, `${name}.tmp`), join(inbox, `${name}.json`));
        return false;
      }
      rmSync(lock, { force: true }); // its process is gone
    }
  }
  return false;
}

function serveInbox(inbox, onSecond) {
  const seen = new Set();
  const drain = () => {
    let names = [];
    try {
      names = readdirSync(inbox)
        .filter((n) => n.endsWith('.json') && !seen.has(n))
        .sort();
    } catch {
      return;
    }
    for (const name of names) {
      seen.add(name);
      try {
        const m = JSON.parse(readFileSync(join(inbox, name), 'utf8'));
        rmSync(join(inbox, name), { force: true });
        onSecond(m.argv, m.cwd, m.additionalData);
      } catch (err) {
        process.stderr.write(`stand-in: a second instance's message ${name} was unreadable: ${err.message}\n`);
      }
    }
  };
  drain();
  const watcher = watch(inbox, () => drain());
  watcher.unref();
  // inotify can miss a rename on some file systems: look again now and then
  setInterval(drain, 500).unref();
}
