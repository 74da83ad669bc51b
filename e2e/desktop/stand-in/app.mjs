// app: readiness, paths, name and version (package.json at the app path), the single-instance lock,
// recorded calls, and the quit sequence.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { acquireSingleInstance } from './single-instance.mjs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BrowserWindowImpl, windows } from './browser-window.mjs';
import { note, noteQuietly, reportUncaught } from './channel.mjs';
import { electronEvent, guard, notSupported } from './honesty.mjs';
import { MenuImpl } from './menu.mjs';
import { sanitize } from './sanitize.mjs';

let ready = false;
let resolveReady;
const readyPromise = new Promise((r) => (resolveReady = r));
const pathOverrides = new Map();
let userDataDir = null;
let packageJson;

export function isReady() {
  return ready;
}

export function appPath() {
  return process.env.F8_STANDIN_APP_PATH ? resolve(process.env.F8_STANDIN_APP_PATH) : process.cwd();
}

function readPackageJson() {
  if (packageJson === undefined) {
    try {
      packageJson = JSON.parse(readFileSync(join(appPath(), 'package.json'), 'utf8'));
    } catch {
      packageJson = {};
    }
  }
  return packageJson;
}

function userData() {
  if (userDataDir) return userDataDir;
  if (process.env.F8_STANDIN_USER_DATA) {
    userDataDir = resolve(process.env.F8_STANDIN_USER_DATA);
    mkdirSync(userDataDir, { recursive: true });
  } else {
    userDataDir = mkdtempSync(join(tmpdir(), 'f8-standin-userdata-'));
  }
  return userDataDir;
}

/** An app.* (or other) call the harness lists in `desk.appCalls`. */
export function record(method, args) {
  noteQuietly({ op: 'app.call', method, args: sanitize(args) });
}

class CommandLine {
  constructor() {
    this.switches = new Map();
    this.arguments = [];
  }
  appendSwitch(name, value) {
    this.switches.set(String(name), value === undefined ? '' : String(value));
    record('commandLine.appendSwitch', value === undefined ? [name] : [name, value]);
  }
  appendArgument(arg) {
    this.arguments.push(String(arg));
    record('commandLine.appendArgument', [arg]);
  }
  hasSwitch(name) {
    return this.switches.has(name);
  }
  getSwitchValue(name) {
    return this.switches.get(name) ?? '';
  }
  removeSwitch(name) {
    this.switches.delete(name);
  }
}

class AppImpl extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
    this.commandLine = guard(new CommandLine(), 'app.commandLine');
    this.dock = undefined; // Linux has none
    this.quitting = false;
    this.exiting = false;
    this.appName = null;
    this.singleInstanceLock = false;
  }
  whenReady() {
    return readyPromise;
  }
  isReady() {
    return ready;
  }
  getPath(name) {
    if (pathOverrides.has(name)) return pathOverrides.get(name);
    switch (name) {
      case 'userData':
      case 'sessionData':
        return userData();
      case 'appData':
        return process.env.F8_STANDIN_APP_DATA ? resolve(process.env.F8_STANDIN_APP_DATA) : dirname(userData());
      case 'home':
        return homedir();
      case 'logs':
        return join(userData(), 'logs');
      case 'temp':
        return tmpdir();
      case 'documents':
        return join(homedir(), 'Documents');
      case 'downloads':
        return join(homedir(), 'Downloads');
      case 'desktop':
        return join(homedir(), 'Desktop');
      case 'exe':
        return process.execPath; // Node here, the Electron binary in Electron
      default:
        throw notSupported(`app.getPath('${name}')`);
    }
  }
  setPath(name, path) {
    pathOverrides.set(name, resolve(path));
    record('setPath', [name, path]);
  }
  getAppPath() {
    return appPath();
  }
  getVersion() {
    return String(readPackageJson().version ?? '0.0.0');
  }
  getName() {
    return this.appName ?? String(readPackageJson().productName ?? readPackageJson().name ?? 'Electron');
  }
  setName(name) {
    this.appName = String(name);
  }
  get name() {
    return this.getName();
  }
  set name(value) {
    this.setName(value);
  }
  getLocale() {
    return 'en-US';
  }
  getSystemLocale() {
    return 'en-US';
  }
  getPreferredSystemLanguages() {
    return ['en-US'];
  }
  /**
   * Per user-data folder, across processes, like Chromium's process singleton: the first process
   * holds the lock; a later one hands its argv, cwd and additionalData to it ('second-instance',
   * once the first is ready) and gets false.
   */
  requestSingleInstanceLock(additionalData) {
    record('requestSingleInstanceLock', additionalData === undefined ? [] : [additionalData]);
    if (this.singleInstanceLock) return true;
    const got = acquireSingleInstance(userData(), additionalData, (argv, cwd, data) => {
      readyPromise.then(() => this.emit('second-instance', electronEvent(), argv, cwd, data));
    });
    this.singleInstanceLock = got;
    return got;
  }
  hasSingleInstanceLock() {
    return this.singleInstanceLock;
  }
  releaseSingleInstanceLock() {
    this.singleInstanceLock = false;
  }
  setAboutPanelOptions(options) {
    record('setAboutPanelOptions', [options]);
  }
  setAppUserModelId(id) {
    record('setAppUserModelId', [id]);
  }
  disableHardwareAcceleration() {
    if (ready) throw new Error('app.disableHardwareAcceleration() can only be called before app is ready');
    record('disableHardwareAcceleration', []);
  }
  focus(options) {
    record('focus', options === undefined ? [] : [options]);
    const win = BrowserWindowImpl.getFocusedWindow() ?? windows.find((w) => w.isVisible()) ?? null;
    win?.focus();
  }
  get applicationMenu() {
    return MenuImpl.getApplicationMenu();
  }
  set applicationMenu(menu) {
    MenuImpl.setApplicationMenu(menu);
  }

  /** before-quit (preventable) -> close each window (its 'close' is preventable) -> will-quit (preventable) -> quit -> exit 0. */
  quit() {
    if (this.exiting) return;
    const beforeQuit = electronEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    for (const win of windows.slice()) {
      if (win.isDestroyed()) continue;
      if (!win.closeWithEvent()) {
        this.quitting = false;
        return;
      }
    }
    const willQuit = electronEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', electronEvent(), 0);
    void finish(0);
  }

  /** Closes every window without events and exits with `code`. */
  exit(code = 0) {
    if (this.exiting) return;
    this.exiting = true;
    for (const win of windows.slice()) win.teardown({ silent: true });
    void finish(code);
  }

  relaunch() {
    throw notSupported('app.relaunch');
  }
}

async function finish(code) {
  try {
    await Promise.race([note({ op: 'exit', code }), new Promise((r) => setTimeout(r, 1000))]);
  } catch {
    // the parent sees the exit code anyway
  }
  process.exit(code);
}

export const app = guard(new AppImpl(), 'app');

/** will-finish-launching, then 'ready' and whenReady(); run once the main module has been evaluated. */
export function becomeReady() {
  try {
    app.emit('will-finish-launching');
    ready = true;
    userData();
    noteQuietly({ op: 'ready' });
    app.emit('ready', electronEvent(), {});
  } catch (err) {
    reportUncaught(err);
  }
  resolveReady();
}
