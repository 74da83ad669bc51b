// BrowserWindow: the open windows (each one a page the harness opens), their focus, visibility,
// bounds, title and recorded window states, closing (preventable) and teardown, which ends in
// 'window-all-closed' or app.quit(); and the `webContents` module.
import { EventEmitter } from 'node:events';
import { app, isReady } from './app.mjs';
import { noteQuietly, request } from './channel.mjs';
import { electronEvent, guard } from './honesty.mjs';
import { sanitize } from './sanitize.mjs';
import { WebContentsImpl } from './web-contents.mjs';

export const windows = []; // open windows, in creation order (the guarded proxies)
let nextWindowId = 1;
let focusedWindow = null;

function parseSize(text) {
  const m = /^(\d+)x(\d+)$/.exec(text ?? '');
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}
const DEFAULT_SIZE = parseSize(process.env.F8_STANDIN_DEFAULT_SIZE) ?? { width: 1400, height: 900 };

export function windowById(id) {
  return windows.find((w) => w.id === id) ?? null;
}

export class BrowserWindowImpl extends EventEmitter {
  constructor(options = {}) {
    super();
    if (!isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.id = nextWindowId++;
    this.options = options;
    this.destroyed = false;
    this.title = options.title ?? 'Electron';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? DEFAULT_SIZE.width, height: options.height ?? DEFAULT_SIZE.height };
    this.visible = options.show !== false;
    this.state = { maximized: false, minimized: false, fullScreen: options.fullscreen === true, menuBarVisible: true };
    this.shownReady = false;
    const self = guard(this, 'BrowserWindow');
    this.webContents = guard(new WebContentsImpl(self), 'webContents');
    windows.push(self);
    request({ op: 'window.create', winId: this.id, wcId: this.webContents.id, options: sanitize(options), title: this.title, bounds: { ...this.bounds }, visible: this.visible }).catch((err) =>
      process.stderr.write(`stand-in: window ${this.id} could not be opened: ${err.message}\n`),
    );
    if (this.visible) {
      focusedWindow = self;
      setImmediate(() => {
        if (!this.destroyed && focusedWindow === self) self.emit('focus', electronEvent());
      });
    }
    return self;
  }
  static getAllWindows() {
    return windows.slice();
  }
  static getFocusedWindow() {
    return focusedWindow && !focusedWindow.isDestroyed() ? focusedWindow : null;
  }
  static fromWebContents(wc) {
    return windows.find((w) => w.webContents === wc) ?? null;
  }
  static fromId(id) {
    return windowById(id);
  }
  alive(what) {
    if (this.destroyed) throw new Error(`Object has been destroyed (BrowserWindow.${what})`);
  }
  update(patch) {
    noteQuietly({ op: 'window.update', winId: this.id, ...patch });
  }
  loadURL(url, options) {
    return this.webContents.loadURL(url, options);
  }
  loadFile(filePath, options) {
    return this.webContents.loadFile(filePath, options);
  }
  show() {
    this.alive('show');
    const was = this.visible;
    this.visible = true;
    this.update({ visible: true });
    if (!was) this.emit('show', electronEvent());
    this.focus();
  }
  showInactive() {
    this.alive('showInactive');
    const was = this.visible;
    this.visible = true;
    this.update({ visible: true });
    if (!was) this.emit('show', electronEvent());
  }
  hide() {
    this.alive('hide');
    const was = this.visible;
    this.visible = false;
    this.blur();
    this.update({ visible: false });
    if (was) this.emit('hide', electronEvent());
  }
  isVisible() {
    return this.visible;
  }
  focus() {
    this.alive('focus');
    if (focusedWindow === this) return;
    focusedWindow?.blur();
    focusedWindow = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the focused window is module state
    this.update({ focused: true });
    this.emit('focus', electronEvent());
  }
  blur() {
    if (focusedWindow !== this) return;
    focusedWindow = null;
    this.update({ focused: false });
    this.emit('blur', electronEvent());
  }
  isFocused() {
    return focusedWindow === this;
  }
  close() {
    if (this.destroyed) return;
    this.closeWithEvent();
  }
  destroy() {
    if (this.destroyed) return;
    this.teardown({ silent: false });
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** 'close' (preventable), then 'closed'; true when the window closed. */
  closeWithEvent() {
    const event = electronEvent();
    this.emit('close', event);
    if (event.defaultPrevented || this.destroyed) return !event.defaultPrevented;
    this.teardown({ silent: false });
    return true;
  }
  teardown({ silent }) {
    if (this.destroyed) return;
    this.destroyed = true;
    const at = windows.findIndex((w) => w.id === this.id);
    if (at >= 0) windows.splice(at, 1);
    const hadFocus = focusedWindow?.id === this.id;
    if (hadFocus) focusedWindow = null;
    noteQuietly({ op: 'window.closed', winId: this.id });
    if (!silent) this.emit('closed', electronEvent());
    this.webContents.destroyContents();
    // the window manager's part: focus passes to the newest visible window left
    if (hadFocus && !silent && !app.quitting && !app.exiting)
      windows
        .filter((w) => w.isVisible())
        .at(-1)
        ?.focus();
    if (!silent && windows.length === 0 && !app.quitting && !app.exiting) {
      // Electron's default when nobody listens for window-all-closed is to quit
      if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed', electronEvent());
      else app.quit();
    }
  }
  setTitle(title) {
    this.alive('setTitle');
    this.title = String(title);
    this.update({ title: this.title });
  }
  getTitle() {
    return this.title;
  }
  getBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds) {
    this.alive('setBounds');
    for (const k of ['x', 'y', 'width', 'height']) if (typeof bounds?.[k] === 'number') this.bounds[k] = Math.round(bounds[k]);
    this.update({ bounds: { ...this.bounds } });
    this.emit('resize', electronEvent());
  }
  getSize() {
    return [this.bounds.width, this.bounds.height];
  }
  setSize(width, height) {
    this.setBounds({ width, height });
  }
  getContentBounds() {
    return this.getBounds(); // the page's viewport is the content; there is no frame
  }
  setContentBounds(bounds) {
    this.setBounds(bounds);
  }
  getContentSize() {
    return this.getSize();
  }
  setContentSize(width, height) {
    this.setBounds({ width, height });
  }
  center() {
    // no screen: nothing to center on
  }
  // window states are recorded only: a headless page has no window manager
  isMaximized() {
    return this.state.maximized;
  }
  maximize() {
    this.state.maximized = true;
    this.emit('maximize', electronEvent());
  }
  unmaximize() {
    this.state.maximized = false;
    this.emit('unmaximize', electronEvent());
  }
  isMinimized() {
    return this.state.minimized;
  }
  minimize() {
    this.state.minimized = true;
    this.emit('minimize', electronEvent());
  }
  restore() {
    this.state.minimized = false;
    this.emit('restore', electronEvent());
  }
  isFullScreen() {
    return this.state.fullScreen;
  }
  setFullScreen(flag) {
    this.state.fullScreen = !!flag;
    this.emit(flag ? 'enter-full-screen' : 'leave-full-screen', electronEvent());
  }
  setMenuBarVisibility(visible) {
    this.state.menuBarVisible = !!visible;
  }
  isMenuBarVisible() {
    return this.state.menuBarVisible;
  }
  setAutoHideMenuBar(hide) {
    this.state.menuBarVisible = !hide;
  }
  removeMenu() {
    this.state.menuBarVisible = false;
  }
  getParentWindow() {
    return null;
  }
  getChildWindows() {
    return [];
  }
}

const webContentsModule = {
  getAllWebContents: () => windows.map((w) => w.webContents),
  getFocusedWebContents: () => BrowserWindowImpl.getFocusedWindow()?.webContents ?? null,
  fromId: (id) => windows.find((w) => w.webContents.id === id)?.webContents,
};

export const BrowserWindow = guard(BrowserWindowImpl, 'BrowserWindow');
export const webContents = guard(webContentsModule, 'webContents');
