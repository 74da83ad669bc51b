// Files behind one "desktop" interface: the browser implements it with the File System Access
// API when the page has it (pickers, save back to the same file) and falls back to an
// <input type=file> and a download; the desktop app implements the same interface over IPC.
import type { F8DesktopApi } from '../../../shared/ipc';

export interface OpenedFile {
  name: string;
  text: string;
  handle?: unknown;
}

export interface DesktopFiles {
  /** Asks for a graph file; null when the user cancels. */
  open(): Promise<OpenedFile | null>;
  /** Writes to `handle` when there is one (no question), else asks where (or downloads). Null when cancelled. */
  save(name: string, text: string, handle?: unknown): Promise<{ name: string; handle?: unknown } | null>;
}

interface WritableLike {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}
interface FileHandleLike {
  name: string;
  getFile(): Promise<{ name: string; text(): Promise<string> }>;
  createWritable(): Promise<WritableLike>;
}
interface PickerWindow {
  showOpenFilePicker?: (opts: unknown) => Promise<FileHandleLike[]>;
  showSaveFilePicker?: (opts: unknown) => Promise<FileHandleLike>;
}

const TYPES = [{ description: 'f8studio graph', accept: { 'application/json': ['.f8graph', '.json'] } }];

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function isHandle(h: unknown): h is FileHandleLike {
  return typeof h === 'object' && h !== null && typeof (h as FileHandleLike).createWritable === 'function';
}

/** The File System Access API path (tested with a fake window). */
export function pickerFiles(win: PickerWindow): DesktopFiles | null {
  const openPicker = win.showOpenFilePicker;
  const savePicker = win.showSaveFilePicker;
  if (typeof openPicker !== 'function' || typeof savePicker !== 'function') return null;
  return {
    async open() {
      try {
        const [handle] = await openPicker.call(win, { types: TYPES, multiple: false });
        if (!handle) return null;
        const file = await handle.getFile();
        return { name: file.name, text: await file.text(), handle };
      } catch (err) {
        if (isAbort(err)) return null;
        throw err;
      }
    },
    async save(name, text, handle) {
      try {
        const target = isHandle(handle) ? handle : await savePicker.call(win, { suggestedName: name, types: TYPES });
        const w = await target.createWritable();
        await w.write(text);
        await w.close();
        return { name: target.name, handle: target };
      } catch (err) {
        if (isAbort(err)) return null;
        throw err;
      }
    },
  };
}

/** The fallback: a hidden file input, and a download for saving. */
export function fallbackFiles(doc: Document): DesktopFiles {
  return {
    open() {
      return new Promise((resolve, reject) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = '.f8graph,.json,application/json';
        input.style.display = 'none';
        input.setAttribute('data-testid', 'open-file-input');
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          input.remove();
          if (!file) return resolve(null);
          file.text().then((text) => resolve({ name: file.name, text }), reject);
        });
        input.addEventListener('cancel', () => {
          input.remove();
          resolve(null);
        });
        doc.body.appendChild(input);
        input.click();
      });
    },
    async save(name, text) {
      const blob = new Blob([text], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = doc.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      doc.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { name };
    },
  };
}

export function browserFiles(win: Window & PickerWindow = window as Window & PickerWindow): DesktopFiles {
  return pickerFiles(win) ?? fallbackFiles(win.document);
}

/** The desktop app's files: native dialogs over IPC (the preload's API); the handle is the file's path. */
export function ipcFiles(api: Pick<F8DesktopApi, 'openGraph' | 'saveGraph'>): DesktopFiles {
  return {
    async open() {
      const f = await api.openGraph();
      return f ? { name: f.name, text: f.text, handle: f.path } : null;
    },
    async save(name, text, handle) {
      const r = await api.saveGraph({ ...(typeof handle === 'string' ? { path: handle } : {}), name, text });
      return r ? { name: r.name, handle: r.path } : null;
    },
  };
}
