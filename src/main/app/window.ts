// The editor window (Electron's security checklist) and what it remembers: context isolation,
// the sandbox, no Node in the page, navigation and new windows denied (http(s)/mailto links go to
// the system browser after a scheme check), its size and position saved on close.
import { BrowserWindow, screen, shell } from 'electron';
import { join } from 'node:path';
import { externalLink } from '../desktop/links.js';
import { placeWindow, type WindowStateStore } from '../desktop/stores.js';
import type { Logger } from '../../shared/ports.js';

export interface WindowOptions {
  states: WindowStateStore;
  appOrigin: () => string | null;
  log: Logger;
}

export function createEditorWindow(o: WindowOptions): BrowserWindow {
  const placed = placeWindow(
    o.states.load(),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...placed.bounds,
    minWidth: 720,
    minHeight: 480,
    title: 'f8studio',
    show: false,
    backgroundColor: '#1f2228',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (placed.maximized) win.maximize();
  // the title is main's (`name • f8studio`, with the unsaved marker), not the page's <title>
  win.on('page-title-updated', (e) => e.preventDefault());
  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLink(url, o.appOrigin());
    if (target) void shell.openExternal(target).catch((err: unknown) => o.log.warn(`could not open ${target}: ${(err as Error).message}`));
    else o.log.warn(`refused to open a window on ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  // the window only ever shows what main loads into it (loadURL does not emit will-navigate)
  contents.on('will-navigate', (e, url) => {
    e.preventDefault();
    const target = externalLink(url, o.appOrigin());
    if (target) void shell.openExternal(target).catch(() => {});
  });
  // state saved as the window closes: the last normal bounds, and whether it was maximized
  let normal = win.getBounds();
  let maximized = placed.maximized;
  const remember = () => {
    if (!win.isMaximized() && !win.isMinimized() && !win.isFullScreen()) normal = win.getBounds();
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('maximize', () => (maximized = true));
  win.on('unmaximize', () => (maximized = false));
  win.on('closed', () => {
    try {
      o.states.save({ ...normal, maximized });
    } catch (err) {
      o.log.warn(`window state not saved: ${(err as Error).message}`);
    }
  });
  return win;
}

/** Brings the window to the front (a second launch, a file from the OS). */
export function reveal(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
