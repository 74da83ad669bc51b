// webContents of a BrowserWindow: loads (the harness drives the window's page), send, the window
// open handler, reload, executeJavaScript, and inert devtools.
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appPath, record } from './app.mjs';
import { note, reportUncaught, request } from './channel.mjs';
import { electronEvent } from './honesty.mjs';
import { session } from './services.mjs';

let nextContentsId = 1;

// net error numbers of the codes a load is likely to fail with (Chromium's net_error_list.h)
const NET_ERRNO = {
  ERR_FAILED: -2,
  ERR_ABORTED: -3,
  ERR_FILE_NOT_FOUND: -6,
  ERR_TIMED_OUT: -7,
  ERR_ACCESS_DENIED: -10,
  ERR_BLOCKED_BY_CLIENT: -20,
  ERR_CONNECTION_CLOSED: -100,
  ERR_CONNECTION_RESET: -101,
  ERR_CONNECTION_REFUSED: -102,
  ERR_NAME_NOT_RESOLVED: -105,
  ERR_INTERNET_DISCONNECTED: -106,
  ERR_ADDRESS_UNREACHABLE: -109,
  ERR_CONNECTION_TIMED_OUT: -118,
  ERR_EMPTY_RESPONSE: -324,
  ERR_INVALID_URL: -300,
  ERR_UNKNOWN_URL_SCHEME: -302,
  ERR_UNSAFE_PORT: -312,
};

export class WebContentsImpl extends EventEmitter {
  constructor(win) {
    super();
    this.id = nextContentsId++;
    this.win = win;
    this.url = '';
    this.title = '';
    this.destroyed = false;
    this.loading = false;
    this.openHandler = null;
    this.devToolsOpen = false;
    this.session = session.defaultSession;
  }
  alive(what) {
    if (this.destroyed) throw new Error(`Object has been destroyed (webContents.${what})`);
  }
  async loadURL(url) {
    this.alive('loadURL');
    const target = String(url);
    this.loading = true;
    try {
      await request({ op: 'window.load', winId: this.win.id, url: target });
    } catch (err) {
      const code = typeof err.code === 'string' ? err.code : 'ERR_FAILED';
      const errno = NET_ERRNO[code] ?? -2;
      if (!this.destroyed) this.emit('did-fail-load', electronEvent(), errno, code, target, true);
      throw Object.assign(new Error(`${code} (${errno}) loading '${target}'`), { code, errno, url: target, cause: err });
    } finally {
      this.loading = false;
    }
  }
  loadFile(filePath, options = {}) {
    const url = pathToFileURL(resolve(appPath(), filePath));
    if (options.query) for (const [k, v] of Object.entries(options.query)) url.searchParams.set(k, String(v));
    if (options.search) url.search = options.search;
    if (options.hash) url.hash = options.hash;
    return this.loadURL(url.href);
  }
  getURL() {
    return this.url;
  }
  getTitle() {
    return this.title;
  }
  isLoading() {
    return this.loading;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel, ...args) {
    this.alive('send');
    // throws like Electron when an argument cannot be cloned; delivery itself is asynchronous
    void note({ op: 'wc.send', winId: this.win.id, channel: String(channel), args });
  }
  setWindowOpenHandler(handler) {
    this.openHandler = typeof handler === 'function' ? handler : null;
    record('webContents.setWindowOpenHandler', [this.id]);
  }
  reload() {
    this.alive('reload');
    request({ op: 'wc.reload', winId: this.win.id }).catch((err) => reportUncaught(err));
  }
  executeJavaScript(code) {
    this.alive('executeJavaScript');
    return request({ op: 'wc.exec', winId: this.win.id, code: String(code) });
  }
  focus() {
    this.win.focus();
  }
  openDevTools() {
    this.devToolsOpen = true; // inert: there are no devtools to show
  }
  closeDevTools() {
    this.devToolsOpen = false;
  }
  isDevToolsOpened() {
    return this.devToolsOpen;
  }
  toggleDevTools() {
    this.devToolsOpen = !this.devToolsOpen;
  }
  destroyContents() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed', electronEvent());
  }
}
