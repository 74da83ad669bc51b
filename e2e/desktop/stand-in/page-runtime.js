/* global window */
// Runs in the window's page (main frame), before the page's own scripts: e2e/desktop/harness.ts
// reads this file as text and installs it with the window's preload through addInitScript:
//   (() => { <this file>; f8StandInPageRuntime(config, function (require, module, ...) { <preload> }); })()
// It gives the preload what a sandboxed Electron preload gets: a `require` that knows `electron`
// (contextBridge, ipcRenderer, webUtils), `events`, `timers` and `url`, and nothing else.
// There is no isolated world here: the preload runs in the page's own world (see README.md).
// Plain browser JS on purpose: it is sent as text, never transpiled.

// eslint-disable-next-line @typescript-eslint/no-unused-vars
function f8StandInPageRuntime(config, preload) {
  if (window.top !== window) return; // Electron runs preloads in the main frame only

  const invokeBinding = (channel, args) => window.__f8standinInvoke(channel, args);
  const sendBinding = (channel, args) => window.__f8standinSend(channel, args);
  const fail = (what) => new Error(`not supported by the stand-in: ${what}`);

  // ---- a small `events` module
  function EventEmitter() {
    this._listeners = new Map();
  }
  EventEmitter.prototype.on = function on(name, fn) {
    if (!this._listeners.has(name)) this._listeners.set(name, []);
    this._listeners.get(name).push({ fn, once: false });
    return this;
  };
  EventEmitter.prototype.addListener = EventEmitter.prototype.on;
  EventEmitter.prototype.prependListener = function prependListener(name, fn) {
    if (!this._listeners.has(name)) this._listeners.set(name, []);
    this._listeners.get(name).unshift({ fn, once: false });
    return this;
  };
  EventEmitter.prototype.once = function once(name, fn) {
    if (!this._listeners.has(name)) this._listeners.set(name, []);
    this._listeners.get(name).push({ fn, once: true });
    return this;
  };
  EventEmitter.prototype.removeListener = function removeListener(name, fn) {
    const list = this._listeners.get(name);
    if (!list) return this;
    const at = list.findIndex((l) => l.fn === fn);
    if (at >= 0) list.splice(at, 1);
    return this;
  };
  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;
  EventEmitter.prototype.removeAllListeners = function removeAllListeners(name) {
    if (name === undefined) this._listeners.clear();
    else this._listeners.delete(name);
    return this;
  };
  EventEmitter.prototype.listenerCount = function listenerCount(name) {
    return (this._listeners.get(name) || []).length;
  };
  EventEmitter.prototype.listeners = function listeners(name) {
    return (this._listeners.get(name) || []).map((l) => l.fn);
  };
  EventEmitter.prototype.eventNames = function eventNames() {
    return [...this._listeners.keys()].filter((k) => this._listeners.get(k).length > 0);
  };
  EventEmitter.prototype.emit = function emit(name, ...args) {
    const list = this._listeners.get(name);
    if (!list || list.length === 0) {
      if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${String(args[0])})`);
      return false;
    }
    for (const l of list.slice()) {
      if (l.once) this.removeListener(name, l.fn);
      l.fn.apply(this, args);
    }
    return true;
  };
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.default = EventEmitter;

  // ---- electron: ipcRenderer
  const ipcRenderer = new EventEmitter();
  ipcRenderer.invoke = async function invoke(channel, ...args) {
    const result = await invokeBinding(String(channel), args);
    if (!result.ok) throw new Error(`Error invoking remote method '${channel}': ${result.error}`);
    return result.value;
  };
  ipcRenderer.send = function send(channel, ...args) {
    void sendBinding(String(channel), args);
  };
  ipcRenderer.sendSync = () => {
    throw fail('ipcRenderer.sendSync');
  };
  ipcRenderer.sendToHost = () => {
    throw fail('ipcRenderer.sendToHost');
  };
  ipcRenderer.postMessage = () => {
    throw fail('ipcRenderer.postMessage');
  };
  // webContents.send from the main process arrives here (called by the harness)
  Object.defineProperty(window, '__f8standinDeliver', {
    value: (channel, args) => {
      try {
        ipcRenderer.emit(channel, { sender: ipcRenderer, senderId: 0, ports: [] }, ...args);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
      return true;
    },
  });

  // ---- electron: contextBridge
  function bridgeCopy(value, seen) {
    if (typeof value === 'function') {
      return function bridged(...args) {
        return value(...args);
      };
    }
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Promise || value instanceof Date || value instanceof RegExp || value instanceof Error || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    if (seen.has(value)) throw new Error('An object could not be cloned.');
    seen.add(value);
    const copy = Array.isArray(value) ? value.map((v) => bridgeCopy(v, seen)) : {};
    if (!Array.isArray(value)) for (const key of Object.keys(value)) copy[key] = bridgeCopy(value[key], seen);
    seen.delete(value);
    return Object.freeze(copy);
  }
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (!config.contextIsolation) throw new Error('contextBridge API can only be used when contextIsolation is enabled');
      if (key in window) throw new Error('Cannot bind an API on top of an existing property on the window object');
      Object.defineProperty(window, key, { value: bridgeCopy(api, new Set()), enumerable: true, writable: false, configurable: false });
    },
    exposeInIsolatedWorld() {
      throw fail('contextBridge.exposeInIsolatedWorld');
    },
    executeInMainWorld() {
      throw fail('contextBridge.executeInMainWorld');
    },
  };

  // ---- electron: webUtils (paths the test registered by file name; '' like a file not from disk)
  const webUtils = {
    getPathForFile(file) {
      if (!(file instanceof window.File)) throw new TypeError('getPathForFile expects a File');
      const registered = window.__f8standinFiles || {};
      return Object.prototype.hasOwnProperty.call(registered, file.name) ? registered[file.name] : '';
    },
  };

  const guardModule = (name, members) =>
    new Proxy(members, {
      get(target, key) {
        if (typeof key === 'symbol' || key in target || key === '__esModule' || key === 'default' || key === 'then') return target[key];
        throw fail(`require('${name}').${key} in a preload`);
      },
    });
  const electron = guardModule('electron', { contextBridge, ipcRenderer, webUtils });

  const timers = {
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    setInterval: window.setInterval.bind(window),
    clearInterval: window.clearInterval.bind(window),
    setImmediate: (fn, ...args) => window.setTimeout(fn, 0, ...args),
    clearImmediate: (id) => window.clearTimeout(id),
  };
  const url = { URL: window.URL, URLSearchParams: window.URLSearchParams };
  const modules = { electron, 'electron/renderer': electron, 'electron/common': electron, events: EventEmitter, 'node:events': EventEmitter, timers, 'node:timers': timers, url, 'node:url': url };

  function sandboxRequire(name) {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    throw new Error(`module not found: ${name}`);
  }

  const sandboxProcess = {
    type: 'renderer',
    sandboxed: true,
    contextIsolated: config.contextIsolation,
    platform: config.platform,
    arch: config.arch,
    argv: [],
    env: {},
    versions: {},
    pid: 0,
  };

  if (config.loadError) {
    window.console.error(`Unable to load preload script: ${config.preloadPath}`);
    window.console.error(`Error: ${config.loadError}`);
    return;
  }
  const module = { exports: {} };
  try {
    preload.call(module.exports, sandboxRequire, module, module.exports, sandboxProcess, window, timers.setImmediate, timers.clearImmediate, undefined);
  } catch (err) {
    window.console.error(`Unable to load preload script: ${config.preloadPath}`);
    window.console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  }
}
