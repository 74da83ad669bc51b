// Open recent (the last files opened or saved, with their content, so the browser can reopen
// them without a handle) and autosave of the working graph (a reload brings it back).
import type { ServiceGraph } from '../../../shared/types';

const RECENT_KEY = 'f8.recent';
const AUTOSAVE_KEY = 'f8.autosave';
const MAX_RECENT = 6;
const MAX_TEXT = 1_000_000;

export interface RecentFile {
  name: string;
  text: string;
  at: number;
}

type KV = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The page's localStorage, or a no-op store where there is none (tests, some embedded views). */
const local = (): KV => globalThis.localStorage ?? { getItem: () => null, setItem: () => {}, removeItem: () => {} };

function read<T>(storage: KV, key: string): T | null {
  try {
    const text = storage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export function recentFiles(storage: KV = local()): RecentFile[] {
  const list = read<RecentFile[]>(storage, RECENT_KEY);
  return Array.isArray(list) ? list.filter((r) => typeof r?.name === 'string' && typeof r.text === 'string') : [];
}

export function rememberFile(name: string, text: string, storage: KV = local(), now = Date.now()): void {
  if (text.length > MAX_TEXT) return;
  const list = [{ name, text, at: now }, ...recentFiles(storage).filter((r) => r.name !== name)].slice(0, MAX_RECENT);
  try {
    storage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // storage full: recent files are a convenience
  }
}

export interface Autosave {
  graph: ServiceGraph;
  fileName: string | null;
  savedJson: string;
}

export function readAutosave(storage: KV = local()): Autosave | null {
  const a = read<Autosave>(storage, AUTOSAVE_KEY);
  return a && typeof a === 'object' && a.graph && typeof a.savedJson === 'string' ? a : null;
}

export function writeAutosave(a: Autosave, storage: KV = local()): void {
  try {
    storage.setItem(AUTOSAVE_KEY, JSON.stringify(a));
  } catch {
    // too big for storage: skip
  }
}
