// dialog and shell (recorded; dialogs answered by the harness from the test's queue),
// session.defaultSession (onHeadersReceived applied by the harness, permission handlers asked by
// the test) and nativeTheme (themeSource switches the pages' prefers-color-scheme).
import { EventEmitter } from 'node:events';
import { BrowserWindowImpl } from './browser-window.mjs';
import { noteQuietly, request } from './channel.mjs';
import { guard } from './honesty.mjs';
import { sanitize } from './sanitize.mjs';

// --- dialog, shell

function splitWindow(a, b) {
  if (a instanceof BrowserWindowImpl) return [a, b ?? {}];
  return [null, a ?? {}];
}

export const dialog = guard(
  {
    showOpenDialog(a, b) {
      const [win, options] = splitWindow(a, b);
      return request({ op: 'dialog', method: 'showOpenDialog', winId: win?.id ?? null, options: sanitize(options) });
    },
    showSaveDialog(a, b) {
      const [win, options] = splitWindow(a, b);
      return request({ op: 'dialog', method: 'showSaveDialog', winId: win?.id ?? null, options: sanitize(options) });
    },
    showMessageBox(a, b) {
      const [win, options] = splitWindow(a, b);
      return request({ op: 'dialog', method: 'showMessageBox', winId: win?.id ?? null, options: sanitize(options) });
    },
    showErrorBox(title, content) {
      noteQuietly({ op: 'dialog.errorBox', title: String(title), content: String(content) });
    },
  },
  'dialog',
);

export const shell = guard(
  {
    async openExternal(url, options) {
      await request({ op: 'shell', method: 'openExternal', args: sanitize(options === undefined ? [String(url)] : [String(url), options]) });
    },
    async openPath(path) {
      await request({ op: 'shell', method: 'openPath', args: [String(path)] });
      return '';
    },
    showItemInFolder(path) {
      noteQuietly({ op: 'shell.note', method: 'showItemInFolder', args: [String(path)] });
    },
  },
  'shell',
);

// --- session

function matchesFilter(filter, url) {
  const urls = filter?.urls;
  if (!Array.isArray(urls) || urls.length === 0) return true;
  return urls.some((pattern) => {
    if (pattern === '<all_urls>') return true;
    const re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return re.test(url);
  });
}

class WebRequestImpl {
  constructor() {
    this.headersReceived = null;
  }
  onHeadersReceived(a, b) {
    const [filter, listener] = typeof a === 'function' || a === null || a === undefined ? [null, a ?? null] : [a, b ?? null];
    this.headersReceived = listener ? { filter, listener } : null;
    noteQuietly({ op: 'session', method: 'webRequest.onHeadersReceived', active: !!listener, detail: sanitize(filter) });
  }
  runHeadersReceived(details) {
    const h = this.headersReceived;
    if (!h || !matchesFilter(h.filter, details.url)) return {};
    return new Promise((done) => h.listener(details, (response = {}) => done(sanitize(response))));
  }
}

class SessionImpl extends EventEmitter {
  constructor() {
    super();
    this.webRequest = guard(new WebRequestImpl(), 'session.webRequest');
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
  }
  setPermissionRequestHandler(handler) {
    this.permissionRequestHandler = typeof handler === 'function' ? handler : null;
    noteQuietly({ op: 'session', method: 'setPermissionRequestHandler', active: !!this.permissionRequestHandler });
  }
  setPermissionCheckHandler(handler) {
    this.permissionCheckHandler = typeof handler === 'function' ? handler : null;
    noteQuietly({ op: 'session', method: 'setPermissionCheckHandler', active: !!this.permissionCheckHandler });
  }
}

export const defaultSession = guard(new SessionImpl(), 'session.defaultSession');
export const session = guard({ defaultSession }, 'session');

// --- nativeTheme

class NativeThemeImpl extends EventEmitter {
  constructor() {
    super();
    this.source = 'system';
    this.shouldUseDarkColors = false;
    this.shouldUseHighContrastColors = false;
    this.shouldUseInvertedColorScheme = false;
    this.inForcedColorsMode = false;
  }
  get themeSource() {
    return this.source;
  }
  set themeSource(value) {
    if (!['system', 'light', 'dark'].includes(value)) throw new TypeError(`themeSource must be one of 'system', 'light', 'dark'`);
    this.source = value;
    this.shouldUseDarkColors = value === 'dark';
    noteQuietly({ op: 'theme', colorScheme: this.shouldUseDarkColors ? 'dark' : 'light' });
    this.emit('updated');
  }
}

export const nativeTheme = guard(new NativeThemeImpl(), 'nativeTheme');
