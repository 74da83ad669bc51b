// Preload of e2e/desktop/fixture-main.mjs: one CommonJS file, as a sandboxed Electron preload must be.
/* eslint-disable @typescript-eslint/no-require-imports -- a sandboxed preload loads with require */
/* global document */
'use strict';
const { contextBridge, ipcRenderer, webUtils } = require('electron');
const { EventEmitter } = require('events');
const timers = require('timers');
const { URL } = require('url');

const bus = new EventEmitter();
ipcRenderer.on('fixture:ping', (_event, payload) => bus.emit('ping', payload));

contextBridge.exposeInMainWorld('fixture', {
  modules: { events: typeof EventEmitter, timers: typeof timers.setTimeout, url: new URL('http://x/a/b').pathname },
  preloadRanBeforePage: document.readyState === 'loading',
  whoAmI: () => ipcRenderer.invoke('fixture:who-am-i'),
  secret: () => ipcRenderer.invoke('fixture:secret'),
  fail: () => ipcRenderer.invoke('fixture:fail'),
  missing: () => ipcRenderer.invoke('fixture:no-such-handler'),
  notCloneable: () => ipcRenderer.invoke('fixture:not-cloneable'),
  openFile: () => ipcRenderer.invoke('fixture:open'),
  saveFile: () => ipcRenderer.invoke('fixture:save'),
  confirm: () => ipcRenderer.invoke('fixture:confirm'),
  errorBox: () => ipcRenderer.invoke('fixture:error-box'),
  tryLoad: (url) => ipcRenderer.invoke('fixture:try-load', url),
  unsupported: () => ipcRenderer.invoke('fixture:unsupported'),
  guardClose: () => ipcRenderer.invoke('fixture:guard-close'),
  log: (message) => ipcRenderer.send('fixture:log', message),
  onPing: (callback) => {
    bus.on('ping', callback);
  },
  pathOf: (file) => webUtils.getPathForFile(file),
  tryRequire: (name) => {
    try {
      require(name);
      return 'loaded';
    } catch (err) {
      return err.message;
    }
  },
});
