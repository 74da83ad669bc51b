// The service catalog: scans the services folders for service.json, validates each manifest,
// publishes the good ones to kv_f8_master_services and keeps them in sync as files change.
// A broken manifest is reported (path + schema error) and the last good version of its
// serviceClass stays; two folders declaring one serviceClass: the first in search order wins.
import { schemaProblem } from '../../../shared/schema-safety.js';
import { jsonDepthProblem, MAX_MANIFEST_BYTES } from '../../../shared/limits.js';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { validate, validateValue } from '../../../shared/schemas.js';
import { etagOf } from '../../../shared/hash.js';
import { keys } from '../../../shared/naming.js';
import { DisposableStore, type Disposable } from '../../../shared/disposable.js';
import { F8Error } from '../../../shared/errors.js';
import type { JsonKv, Logger } from '../../../shared/ports.js';
import type { CatalogEntry, Manifest, OperatorSpec } from '../../../shared/types.js';

export const MANIFEST_FILE = 'service.json';
export const OPERATORS_FILE = 'operators.json';
const MAX_DEPTH = 3;

export interface CatalogProblem {
  path: string;
  message: string;
}

export interface CatalogEvent {
  serviceClass?: string;
  path?: string;
  change?: 'added' | 'changed' | 'removed';
  error?: string;
}

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

type LoadResult = { ok: true; entry: CatalogEntry } | { ok: false; message: string; serviceClass?: string };

/** Reads and validates one manifest file (and the operators.json beside it). */
export async function loadManifest(path: string): Promise<LoadResult> {
  let text: string;
  try {
    const size = (await stat(path)).size;
    // the catalog reply carries every manifest: it must stay well under the NATS max_payload
    if (size > MAX_MANIFEST_BYTES) return { ok: false, message: `the manifest is ${size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit (keep large data out of service.json)` };
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read: ${(err as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${(err as Error).message}` };
  }
  const deep = jsonDepthProblem(raw);
  if (deep) return { ok: false, message: `the manifest ${deep}` };
  const claimed = raw && typeof raw === 'object' && typeof (raw as { serviceClass?: unknown }).serviceClass === 'string' ? (raw as { serviceClass: string }).serviceClass : undefined;
  const fail = (message: string): LoadResult => (claimed === undefined ? { ok: false, message } : { ok: false, message, serviceClass: claimed });
  const result = validate<Manifest>('manifest', raw);
  if (!result.ok) return fail(result.message);
  const manifest = result.value;
  const dir = dirname(path);
  if (manifest.operators === undefined && manifest.engine) {
    const opsPath = join(dir, OPERATORS_FILE);
    const opsSize = await stat(opsPath)
      .then((s) => s.size)
      .catch(() => 0);
    if (opsSize > MAX_MANIFEST_BYTES) return fail(`${opsPath}: ${opsSize} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
    const opsText = await readFile(opsPath, 'utf8').catch(() => null);
    if (opsText !== null) {
      let ops: unknown;
      try {
        ops = JSON.parse(opsText);
      } catch (err) {
        return fail(`${opsPath}: not valid JSON: ${(err as Error).message}`);
      }
      const opsDeep = jsonDepthProblem(ops);
      if (opsDeep) return fail(`${opsPath}: ${opsDeep}`);
      if (!Array.isArray(ops)) return fail(`${opsPath}: must be a JSON array of operator specs`);
      for (const [i, op] of ops.entries()) {
        const r = validate<OperatorSpec>('operator-spec', op);
        if (!r.ok) return fail(`${opsPath} [${i}]: ${r.message}`);
      }
      manifest.operators = ops as OperatorSpec[];
    }
  }
  const semantic = checkManifest(manifest);
  if (semantic) return fail(semantic);
  return { ok: true, entry: { serviceClass: manifest.serviceClass, manifest, manifestHash: etagOf(manifest), path, dir } };
}

type Named = Pick<Manifest, 'dataInPorts' | 'dataOutPorts' | 'stateFields' | 'commands'>;
/** The lists whose names must be unique within a service or an operator. */
const NAMED: [string, (s: Named) => string[]][] = [
  ['data in port', (s) => (s.dataInPorts ?? []).map((p) => p.name)],
  ['data out port', (s) => (s.dataOutPorts ?? []).map((p) => p.name)],
  ['state field', (s) => (s.stateFields ?? []).map((f) => f.name)],
  ['command', (s) => (s.commands ?? []).map((c) => c.name)],
];

/** Rules a schema cannot state: unique names, defaults that satisfy their value schema. */
export function checkManifest(m: Manifest): string | null {
  const dupe = (what: string, names: string[]): string | null => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) return `duplicate ${what} '${n}'`;
      seen.add(n);
    }
    return null;
  };
  const specs: { where: string; spec: Named }[] = [{ where: '', spec: m }];
  const opDupe = dupe(
    'operatorClass',
    (m.operators ?? []).map((o) => o.operatorClass),
  );
  if (opDupe) return `/operators: ${opDupe}`;
  for (const [i, op] of (m.operators ?? []).entries()) specs.push({ where: `/operators/${i} (${op.operatorClass})`, spec: op });
  for (const { where, spec } of specs) {
    const problem = NAMED.map(([what, names]) => dupe(what, names(spec))).find(Boolean);
    if (problem) return `${where || '(root)'}: ${problem}`;
    // untrusted schemas: refused before anything compiles them (size, depth, ReDoS-prone patterns)
    const schemas: [string, unknown][] = [
      ...(spec.dataInPorts ?? []).map((p, i) => [`${where}/dataInPorts/${i}/valueSchema (${p.name})`, p.valueSchema] as [string, unknown]),
      ...(spec.dataOutPorts ?? []).map((p, i) => [`${where}/dataOutPorts/${i}/valueSchema (${p.name})`, p.valueSchema] as [string, unknown]),
      ...(spec.stateFields ?? []).map((f, i) => [`${where}/stateFields/${i}/valueSchema (${f.name})`, f.valueSchema] as [string, unknown]),
      ...(spec.commands ?? []).map((c, i) => [`${where}/commands/${i}/params (${c.name})`, c.params] as [string, unknown]),
    ];
    for (const [at, schema] of schemas) {
      const unsafe = schema === undefined ? null : schemaProblem(schema);
      if (unsafe) return `${at}: ${unsafe}`;
    }
    for (const [i, field] of (spec.stateFields ?? []).entries()) {
      if (field.default === undefined) continue;
      const r = validateValue(field.valueSchema, field.default);
      if (!r.ok) return `${where}/stateFields/${i}/default (${field.name}): ${r.message}`;
    }
  }
  return null;
}

async function findManifests(dir: string, depth = 0): Promise<string[]> {
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  const sorted = names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of sorted) {
    if (d.isFile() && d.name === MANIFEST_FILE) out.push(join(dir, d.name));
  }
  if (depth < MAX_DEPTH) {
    for (const d of sorted) {
      if (d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules') out.push(...(await findManifests(join(dir, d.name), depth + 1)));
    }
  }
  return out;
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

/** A one-off scan (no KV, no watching): what `f8 validate` compiles against. */
export async function scanManifests(dirs: string[]): Promise<{ entries: CatalogEntry[]; problems: CatalogProblem[] }> {
  const byClass = new Map<string, CatalogEntry>();
  const problems: CatalogProblem[] = [];
  for (const dir of [...new Set(dirs.map((d) => resolve(d)))]) {
    for (const path of await findManifests(dir)) {
      const r = await loadManifest(path);
      if (!r.ok) {
        problems.push({ path, message: r.message });
        continue;
      }
      const prior = byClass.get(r.entry.serviceClass);
      if (prior) problems.push({ path, message: `serviceClass '${r.entry.serviceClass}' is declared by both ${prior.path} and ${path}; using ${prior.path}` });
      else byClass.set(r.entry.serviceClass, r.entry);
    }
  }
  return { entries: [...byClass.values()].sort((a, b) => (a.serviceClass < b.serviceClass ? -1 : 1)), problems };
}

// ---------------------------------------------------------------------------------------------
// The `catalog` verb's reply, in pages when asked (v1.1, additive): many large manifests (each
// under MAX_MANIFEST_BYTES) can add up to more than one NATS message carries (max_payload,
// 1 MiB on a default server). A request with `offset` or `limit` gets as many entries as fit,
// with `total` and `next` (the offset to ask next; absent on the last page). A request without
// them gets the whole catalog as before when it fits, else a clear `invalid` error that says
// how big it is and how to page: never a partial list the caller would take for the whole,
// never an `internal` error. The editor does not use the verb (it watches kv_f8_master_services).

/** The most entries one page holds (a `limit` above is refused by the schema). */
export const CATALOG_PAGE_MAX = 1000;

export interface CatalogPageRequest {
  offset?: number;
  limit?: number;
}

export interface CatalogPage {
  services: CatalogEntry[];
  errors: CatalogProblem[];
  /** Paged requests: how many entries the catalog has. */
  total?: number;
  /** Paged requests: the offset of the next page; absent on the last one. */
  next?: number;
}

const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

/**
 * The reply payload of `catalog` for a request, within `maxBytes` (the transport's largest
 * message less the reply envelope around the payload). Throws `invalid` for an unpaged request
 * over the limit (with the way to page it), `unavailable` when one entry alone does not fit.
 */
export function catalogPage(entries: readonly CatalogEntry[], errors: readonly CatalogProblem[], req: CatalogPageRequest, maxBytes: number): CatalogPage {
  const total = entries.length;
  const paged = req.offset !== undefined || req.limit !== undefined;
  const errs = errors.map((e) => ({ ...e }));
  if (!paged) {
    const whole: CatalogPage = { services: [...entries], errors: errs };
    const size = bytes(whole);
    if (size <= maxBytes) return whole;
    const suggested = Math.max(1, Math.min(CATALOG_PAGE_MAX, Math.floor((maxBytes / size) * total * 0.9)));
    throw new F8Error(
      'invalid',
      `the catalog (${total} services, ${size} bytes) is over the ${maxBytes} bytes one reply can carry on this NATS server (max_payload): ` +
        `ask for it in pages, {"offset": 0, "limit": ${suggested}}, then each reply's "next" as the offset until it has none (or read kv_f8_master_services)`,
      { payload: { catalogBytes: size, maxBytes, total, limit: suggested } },
    );
  }
  const offset = req.offset ?? 0;
  const limit = Math.min(req.limit ?? CATALOG_PAGE_MAX, CATALOG_PAGE_MAX);
  const page: CatalogPage = { services: [], errors: errs, total };
  // the fixed part: errors, total and a `next` of the largest size it can have
  let size = bytes({ ...page, next: total });
  let i = offset;
  for (; i < total && page.services.length < limit; i++) {
    const entry = entries[i] as CatalogEntry;
    const add = bytes(entry) + (page.services.length ? 1 : 0);
    if (size + add > maxBytes) {
      if (page.services.length) break;
      throw new F8Error(
        'unavailable',
        `catalog entry '${entry.serviceClass}' (${entry.path}) takes ${add} bytes, more than the ${maxBytes} bytes one reply can carry on this NATS server (max_payload); raise max_payload or make its manifest smaller`,
        { payload: { serviceClass: entry.serviceClass, entryBytes: add, maxBytes } },
      );
    }
    page.services.push(entry);
    size += add;
  }
  if (i < total) page.next = i;
  return page;
}
