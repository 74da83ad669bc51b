// Which instances' log files changed since the launcher last read them: one fs.watch (inotify on
// Linux) per log file marks its instance dirty, so the launcher reads only those between its slow
// full polls (which also catch what a watch can miss: a file replaced, a watch that failed).
import fs from 'node:fs';

export class LogWatch {
  private readonly watchers = new Map<string, fs.FSWatcher[]>();
  private readonly dirty = new Set<string>();

  /** Watches an instance's files (once; again after a watch ended); true when it was not watched (read it now). */
  ensure(instanceId: string, files: readonly string[]): boolean {
    if (this.watchers.has(instanceId)) return false;
    const list: fs.FSWatcher[] = [];
    for (const file of files) {
      try {
        const w = fs.watch(file, { persistent: false }, (event) => {
          this.dirty.add(instanceId);
          // renamed away (rotation by someone else): watch the new file from the next poll on
          if (event === 'rename') this.unwatch(instanceId);
        });
        w.on('error', () => this.unwatch(instanceId));
        list.push(w);
      } catch {
        // no such file yet, or no watch available: the slow poll reads it
      }
    }
    this.watchers.set(instanceId, list);
    return true;
  }

  /** Whether the instance's files changed since the last take (and forgets it). */
  take(instanceId: string): boolean {
    return this.dirty.delete(instanceId);
  }

  unwatch(instanceId: string): void {
    for (const w of this.watchers.get(instanceId) ?? []) w.close();
    this.watchers.delete(instanceId);
  }

  dispose(): void {
    for (const id of [...this.watchers.keys()]) this.unwatch(id);
    this.dirty.clear();
  }
}
