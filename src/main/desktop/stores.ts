// The desktop's own files in the app's user-data folder: settings.json, window-state.json and
// recent.json. Each is read through its schema (schemas/ipc.schema.json): a missing, unreadable
// or wrong file gives the defaults and a warning naming the file; writes are atomic (a temp file
// renamed) and private (0600). No electron here: tested in Node.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { validate, type IpcSchemaName } from '../../shared/schemas.js';
import type { RecentFile, Settings, WindowState } from '../../shared/ipc.js';

export interface StoreLog {
  warn(message: string): void;
}

/** One JSON file checked against a schema on every read and write. */
export class JsonFile<T> {
  constructor(
    readonly path: string,
    private readonly schema: IpcSchemaName,
    private readonly log: StoreLog,
  ) {}

  /** The stored value, or null (absent; unreadable or invalid: warned). */
  read(): T | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`${this.path}: ${(err as Error).message}; using the defaults`);
      return null;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      this.log.warn(`${this.path} is not JSON (${(err as Error).message}); using the defaults`);
      return null;
    }
    const r = validate<T>(this.schema, raw);
    if (!r.ok) {
      this.log.warn(`${this.path} is not valid (${r.message}); using the defaults`);
      return null;
    }
    return r.value;
  }

  write(value: T): void {
    const r = validate(this.schema, value);
    if (!r.ok) throw new Error(`not written to ${this.path}: ${r.message}`);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileAtomic.sync(this.path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  }
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({ servicesDirs: [], theme: 'system', liveDefault: false, dataDir: null }) as Settings;

/** settings.json: read once, every change written at once. */
export class SettingsStore {
  private readonly file: JsonFile<Settings>;
  private value: Settings;
  constructor(userData: string, log: StoreLog) {
    this.file = new JsonFile<Settings>(join(userData, 'settings.json'), 'ipc.settings', log);
    this.value = this.file.read() ?? { ...DEFAULT_SETTINGS, servicesDirs: [] };
  }
  get path(): string {
    return this.file.path;
  }
  get(): Settings {
    return structuredClone(this.value);
  }
  /** Applies a patch (checked by the caller against ipc.settingsPatch) and writes the file. */
  set(patch: Partial<Settings>): Settings {
    const next: Settings = { ...this.value, ...patch };
    if (patch.servicesDirs) next.servicesDirs = [...new Set(patch.servicesDirs.map((d) => resolve(d)))];
    this.file.write(next);
    this.value = next;
    return this.get();
  }
}

export const MAX_RECENT = 10;

/** recent.json: the last files opened or saved, newest first, each path once, at most MAX_RECENT. */
export class RecentFiles {
  private readonly file: JsonFile<RecentFile[]>;
  private list: RecentFile[];
  constructor(userData: string, log: StoreLog) {
    this.file = new JsonFile<RecentFile[]>(join(userData, 'recent.json'), 'ipc.recentFiles', log);
    this.list = this.file.read() ?? [];
  }
  all(): RecentFile[] {
    return this.list.map((r) => ({ ...r }));
  }
  has(path: string): boolean {
    const key = samePath(path);
    return this.list.some((r) => samePath(r.path) === key);
  }
  add(path: string): RecentFile[] {
    const full = resolve(path);
    const key = samePath(full);
    this.list = [{ path: full, name: basename(full) }, ...this.list.filter((r) => samePath(r.path) !== key)].slice(0, MAX_RECENT);
    this.file.write(this.list);
    return this.all();
  }
  remove(path: string): RecentFile[] {
    const key = samePath(path);
    this.list = this.list.filter((r) => samePath(r.path) !== key);
    this.file.write(this.list);
    return this.all();
  }
  clear(): void {
    this.list = [];
    this.file.write(this.list);
  }
}

/** How two paths compare: resolved and normalised; case-folded where the file system usually is (Windows, macOS). */
export function samePath(path: string, platform: NodeJS.Platform = process.platform): string {
  const p = resolve(normalize(path));
  return platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW = { width: 1400, height: 900 } as const;

/** window-state.json: the main window's last bounds. */
export class WindowStateStore {
  private readonly file: JsonFile<WindowState>;
  constructor(userData: string, log: StoreLog) {
    this.file = new JsonFile<WindowState>(join(userData, 'window-state.json'), 'ipc.windowState', log);
  }
  load(): WindowState | null {
    return this.file.read();
  }
  save(state: WindowState): void {
    this.file.write({ x: Math.round(state.x), y: Math.round(state.y), width: Math.round(state.width), height: Math.round(state.height), maximized: state.maximized });
  }
}

/**
 * Where the window opens: the saved bounds when at least a 100x50 corner of its title area is on
 * one of the displays' work areas now (a monitor may be gone), shrunk to fit that display; else
 * the default size, centred by the OS (no x/y).
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const fallback = { bounds: { width: DEFAULT_WINDOW.width, height: DEFAULT_WINDOW.height }, maximized: saved?.maximized ?? false };
  if (!saved) return fallback;
  const title: Rect = { x: saved.x, y: saved.y, width: Math.min(saved.width, 200), height: 50 };
  const area = workAreas.find((a) => overlap(a, title) >= 100 * 50);
  if (!area) return fallback;
  const width = Math.min(saved.width, area.width);
  const height = Math.min(saved.height, area.height);
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
