// A stand-in for the `electron` module of the main process, for tests: the built main bundle runs
// in plain Node (see ./hooks.mjs) and everything that concerns windows, dialogs, the menu, the
// shell and the session goes over the Node IPC channel to e2e/desktop/harness.ts, which opens each
// window as a Playwright page. The message shapes are typed in e2e/desktop/protocol.ts.
//
// Honesty rule: whatever is not implemented throws `not supported by the stand-in: <what>` (and
// is reported to the harness) instead of pretending.
//
// This module is what `electron` resolves to; its parts: channel.mjs (the wire), honesty.mjs
// (guards, unsupported members), app.mjs, browser-window.mjs + web-contents.mjs, ipc-main.mjs,
// menu.mjs, services.mjs (dialog, shell, session, nativeTheme), handlers.mjs (what the harness
// asks and tells), unsupported.mjs (the exports the stand-in does not implement), sanitize.mjs.
import { serve } from './channel.mjs'; // first: it refuses to load without an IPC channel
import { app, becomeReady } from './app.mjs';
import { BrowserWindow, webContents } from './browser-window.mjs';
import { noteHandlers, onParentGone, requestHandlers } from './handlers.mjs';
import { guard } from './honesty.mjs';
import { ipcMain } from './ipc-main.mjs';
import { Menu, MenuItem } from './menu.mjs';
import { dialog, nativeTheme, session, shell } from './services.mjs';
import { screen } from './screen.mjs';
import * as unsupported from './unsupported.mjs';

serve({ requests: requestHandlers, notes: noteHandlers, onParentGone });

export { app, BrowserWindow, ipcMain, dialog, shell, session, Menu, MenuItem, nativeTheme, webContents, screen };
export * from './unsupported.mjs';

export default guard(
  {
    app,
    BrowserWindow,
    ipcMain,
    dialog,
    Menu,
    MenuItem,
    shell,
    session,
    nativeTheme,
    webContents,
    contextBridge: unsupported.contextBridge,
    ipcRenderer: unsupported.ipcRenderer,
    webUtils: unsupported.webUtils,
    webFrame: unsupported.webFrame,
    autoUpdater: unsupported.autoUpdater,
    BaseWindow: unsupported.BaseWindow,
    BrowserView: unsupported.BrowserView,
    clipboard: unsupported.clipboard,
    contentTracing: unsupported.contentTracing,
    crashReporter: unsupported.crashReporter,
    desktopCapturer: unsupported.desktopCapturer,
    globalShortcut: unsupported.globalShortcut,
    inAppPurchase: unsupported.inAppPurchase,
    MessageChannelMain: unsupported.MessageChannelMain,
    nativeImage: unsupported.nativeImage,
    net: unsupported.net,
    netLog: unsupported.netLog,
    Notification: unsupported.Notification,
    powerMonitor: unsupported.powerMonitor,
    powerSaveBlocker: unsupported.powerSaveBlocker,
    protocol: unsupported.protocol,
    pushNotifications: unsupported.pushNotifications,
    safeStorage: unsupported.safeStorage,
    screen,
    ShareMenu: unsupported.ShareMenu,
    systemPreferences: unsupported.systemPreferences,
    TouchBar: unsupported.TouchBar,
    Tray: unsupported.Tray,
    utilityProcess: unsupported.utilityProcess,
    View: unsupported.View,
    WebContentsView: unsupported.WebContentsView,
    webFrameMain: unsupported.webFrameMain,
  },
  'electron',
);

// 'ready' once the main module has been evaluated (its whole import graph runs synchronously first)
setImmediate(becomeReady);
