// The service catalog: scans the services folders for service.json, validates each manifest,
// publishes the good ones to kv_f8_master_services and keeps them in sync as files change.
// A broken manifest is reported (path + schema error) and the last good version of its
// serviceClass stays; two folders declaring one serviceClass: the first in search order wins.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { keys } from '../../../shared/naming.js';
import { DisposableStore, type Disposable } from '../../../shared/disposable.js';
import type { JsonKv, Logger } from '../../../shared/ports.js';
import type { CatalogEntry } from '../../../shared/types.js';
import type { CatalogEvent } from '../../../shared/generated/schema-types.js';
import { findManifests, loadManifest, MANIFEST_FILE, MAX_DEPTH, OPERATORS_FILE, type CatalogProblem } from './manifest.js';

/** What the catalog publishes on the catalog events subject: schemas/catalog-event.schema.json. */
export type { CatalogEvent };

export interface CatalogOptions {
  /** Folders in search order. */
  dirs: string[];
  kv: JsonKv<CatalogEntry>;
  publishEvent?: (event: CatalogEvent) => void;
  log: Logger;
  /** Watch the folders (default true). */
  watch?: boolean;
  /** Quiet period after a file event before rescanning. */
  debounceMs?: number;
}

export class Catalog implements Disposable {
  private readonly dirs: string[];
  private readonly opts: CatalogOptions;
  private entriesByClass = new Map<string, CatalogEntry>();
  private problems: CatalogProblem[] = [];
  private readonly lastGoodByPath = new Map<string, CatalogEntry>();
  private readonly published = new Map<string, string>();
  private readonly reportedErrors = new Map<string, string>();
  private readonly store = new DisposableStore();
  private watcher: FSWatcher | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private scanning: Promise<void> | null = null;
  private rescanWanted = false;
  private readonly listeners = new Set<() => void>();

  constructor(opts: CatalogOptions) {
    this.opts = opts;
    this.dirs = [...new Set(opts.dirs.map((d) => resolve(d)))];
  }

  get searchDirs(): readonly string[] {
    return this.dirs;
  }

  entries(): CatalogEntry[] {
    return [...this.entriesByClass.values()].sort((a, b) => (a.serviceClass < b.serviceClass ? -1 : 1));
  }

  get(serviceClass: string): CatalogEntry | undefined {
    return this.entriesByClass.get(serviceClass);
  }

  errors(): CatalogProblem[] {
    return this.problems.map((p) => ({ ...p }));
  }

  /** Called after each scan that was published. */
  onDidChange(fn: () => void): Disposable {
    this.listeners.add(fn);
    return { dispose: () => void this.listeners.delete(fn) };
  }

  async start(): Promise<void> {
    for (const key of await this.opts.kv.keys()) this.published.set(key, '');
    for (const dir of this.dirs) {
      const s = await stat(dir).catch(() => null);
      if (!s?.isDirectory()) this.opts.log.warn(`services folder ${dir} does not exist (yet); watching for it`);
    }
    await this.rescan();
    if (this.opts.watch !== false) {
      const watcher = watch(this.dirs, {
        ignoreInitial: true,
        depth: MAX_DEPTH + 1,
        ignored: (p: string) => {
          const name = basename(p);
          return name === 'node_modules' || (name.startsWith('.') && !this.dirs.includes(p));
        },
        awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 },
      });
      watcher.on('all', (event, path) => {
        const name = basename(path);
        if (name === MANIFEST_FILE || name === OPERATORS_FILE || event === 'addDir' || event === 'unlinkDir') this.schedule();
      });
      watcher.on('error', (err) => this.opts.log.error(`catalog watcher: ${(err as Error).message}`));
      this.watcher = watcher;
      this.store.defer(() => watcher.close());
      await new Promise<void>((r) => watcher.once('ready', () => r()));
    }
  }

  private schedule(): void {
    if (this.store.isDisposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.rescan().catch((err: unknown) => this.opts.log.error(`catalog rescan: ${(err as Error).message}`));
    }, this.opts.debounceMs ?? 40);
  }

  /** Scans every folder and publishes the differences. Concurrent calls coalesce. */
  async rescan(): Promise<void> {
    if (this.scanning) {
      this.rescanWanted = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescanWanted = false;
        await this.scanOnce();
      } while (this.rescanWanted && !this.store.isDisposed);
    })().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const next = new Map<string, CatalogEntry>();
    const problems: CatalogProblem[] = [];
    const seenPaths = new Set<string>();
    for (const dir of this.dirs) {
      for (const path of await findManifests(dir)) {
        seenPaths.add(path);
        const r = await loadManifest(path);
        let entry: CatalogEntry | undefined;
        if (r.ok) {
          entry = r.entry;
          this.lastGoodByPath.set(path, entry);
        } else {
          const kept = this.lastGoodByPath.get(path);
          problems.push({ path, message: r.message + (kept ? ` (keeping the last good version of '${kept.serviceClass}')` : '') });
          entry = kept;
        }
        if (!entry) continue;
        const prior = next.get(entry.serviceClass);
        if (prior) {
          problems.push({ path, message: `serviceClass '${entry.serviceClass}' is declared by both ${prior.path} and ${path}; using ${prior.path}` });
          continue;
        }
        next.set(entry.serviceClass, entry);
      }
    }
    for (const path of [...this.lastGoodByPath.keys()]) if (!seenPaths.has(path)) this.lastGoodByPath.delete(path);
    if (this.store.isDisposed) return;
    await this.publish(next, problems);
  }

  private async publish(next: Map<string, CatalogEntry>, problems: CatalogProblem[]): Promise<void> {
    const event = this.opts.publishEvent ?? (() => {});
    for (const [cls, entry] of next) {
      const had = this.published.get(cls);
      if (had === entry.manifestHash) continue;
      await this.opts.kv.put(keys.service(cls), entry);
      this.published.set(cls, entry.manifestHash);
      const change = had === undefined ? 'added' : 'changed';
      this.opts.log.info(`catalog: ${change} ${cls} (${entry.path})`);
      event({ serviceClass: cls, path: entry.path, change });
    }
    for (const cls of [...this.published.keys()]) {
      if (next.has(cls)) continue;
      await this.opts.kv.delete(keys.service(cls));
      this.published.delete(cls);
      const old = this.entriesByClass.get(cls);
      this.opts.log.info(`catalog: removed ${cls}`);
      event({ serviceClass: cls, ...(old ? { path: old.path } : {}), change: 'removed' });
    }
    const current = new Map<string, string>();
    for (const p of problems) {
      current.set(`${p.path}\u0000${p.message}`, p.message);
      if (!this.reportedErrors.has(`${p.path}\u0000${p.message}`)) {
        this.opts.log.error(`catalog: ${p.path}: ${p.message}`);
        event({ path: p.path, error: p.message });
      }
    }
    this.reportedErrors.clear();
    for (const [k, v] of current) this.reportedErrors.set(k, v);
    this.entriesByClass = next;
    this.problems = problems;
    for (const fn of this.listeners) fn();
  }

  async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.store.dispose();
    await this.scanning?.catch(() => {});
  }
}
