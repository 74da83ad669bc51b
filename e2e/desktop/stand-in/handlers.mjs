// What the harness asks of the main process (requests, answered) and tells it (notes): ipc from the
// pages, menu clicks, app events, the user closing or focusing a window, navigations, window.open,
// response headers, permissions, and the page events that become webContents/BrowserWindow events.
import { app } from './app.mjs';
import { windowById } from './browser-window.mjs';
import { electronEvent } from './honesty.mjs';
import { ipcMain, senderFrameFor } from './ipc-main.mjs';
import { clickMenuPath } from './menu.mjs';
import { sanitize } from './sanitize.mjs';
import { defaultSession } from './services.mjs';

function requireWindow(winId) {
  const win = windowById(winId);
  if (!win) throw new Error(`window ${winId} is closed`);
  return win;
}

export const requestHandlers = {
  async 'ipc.invoke'({ winId, channel, args, senderUrl }) {
    const wc = requireWindow(winId).webContents;
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = { type: 'frame', sender: wc, senderFrame: senderFrameFor(wc, senderUrl), frameId: 1, processId: wc.id };
    return await handler(event, ...args);
  },
  'menu.click'({ path }) {
    clickMenuPath(path);
    return null;
  },
  'app.quit'() {
    app.quit();
    return null;
  },
  'app.emit'({ event, args }) {
    if (!['activate', 'second-instance', 'open-file', 'open-url'].includes(event)) throw new Error(`stand-in: the harness cannot emit app event '${event}'`);
    const ev = electronEvent();
    app.emit(event, ev, ...args);
    return { prevented: ev.defaultPrevented };
  },
  'window.userClose'({ winId }) {
    const win = windowById(winId);
    return { closed: win ? win.closeWithEvent() : true };
  },
  'window.focus'({ winId }) {
    requireWindow(winId).focus();
    return null;
  },
  'wc.willNavigate'({ winId, url }) {
    const win = windowById(winId);
    if (!win) return { prevented: true };
    const event = electronEvent({ url, isSameDocument: false, isMainFrame: true, frame: null, initiator: null });
    win.webContents.emit('will-navigate', event, url, false, true);
    return { prevented: event.defaultPrevented };
  },
  'wc.windowOpen'({ winId, url, frameName, features }) {
    const wc = requireWindow(winId).webContents;
    if (!wc.openHandler) return { action: 'allow' }; // Electron's default: a new window
    const answer = wc.openHandler({ url, frameName, features, disposition: 'new-window', referrer: { url: '', policy: 'strict-origin-when-cross-origin' }, postBody: undefined });
    if (answer?.action === 'allow') return { action: 'allow', overrideBrowserWindowOptions: sanitize(answer.overrideBrowserWindowOptions ?? {}) };
    return { action: 'deny' };
  },
  'session.headers'({ details }) {
    return defaultSession.webRequest.runHeadersReceived(details);
  },
  'session.permission'({ winId, permission, details }) {
    const handler = defaultSession.permissionRequestHandler;
    if (!handler) return true; // Electron grants by default
    const wc = requireWindow(winId).webContents;
    return new Promise((done) => handler(wc, permission, (granted) => done(!!granted), { isMainFrame: true, requestingUrl: wc.getURL(), ...details }));
  },
  'session.permissionCheck'({ winId, permission, origin, details }) {
    const handler = defaultSession.permissionCheckHandler;
    if (!handler) return true;
    const wc = windowById(winId)?.webContents ?? null;
    return !!handler(wc, permission, origin, { isMainFrame: true, requestingUrl: wc?.getURL() ?? origin, ...details });
  },
};

export const noteHandlers = {
  'ipc.send'({ winId, channel, args, senderUrl }) {
    const wc = windowById(winId)?.webContents;
    if (!wc) return;
    if (channel === 'error' && ipcMain.listenerCount('error') === 0) return;
    const event = {
      type: 'frame',
      sender: wc,
      senderFrame: senderFrameFor(wc, senderUrl),
      frameId: 1,
      processId: wc.id,
      ports: [],
      returnValue: undefined,
      reply: (replyChannel, ...replyArgs) => wc.send(replyChannel, ...replyArgs),
    };
    ipcMain.emit(channel, event, ...args);
  },
  'wc.event'({ winId, event, url, title }) {
    const win = windowById(winId);
    if (!win) return;
    const wc = win.webContents;
    switch (event) {
      case 'did-navigate':
        wc.url = url;
        wc.emit('did-navigate', electronEvent(), url);
        break;
      case 'dom-ready':
        wc.emit('dom-ready', electronEvent());
        break;
      case 'did-finish-load':
        wc.emit('did-finish-load', electronEvent());
        if (!win.shownReady) {
          win.shownReady = true;
          win.emit('ready-to-show', electronEvent());
        }
        break;
      case 'page-title-updated': {
        wc.title = title;
        const wcEvent = electronEvent();
        wc.emit('page-title-updated', wcEvent, title, true);
        const winEvent = electronEvent();
        win.emit('page-title-updated', winEvent, title, true);
        if (!wcEvent.defaultPrevented && !winEvent.defaultPrevented) win.setTitle(title);
        break;
      }
      case 'render-process-gone':
        wc.emit('render-process-gone', electronEvent(), { reason: 'crashed', exitCode: 0 });
        break;
    }
  },
  'window.gone'({ winId }) {
    windowById(winId)?.teardown({ silent: false });
  },
};

/** The test process is gone: quit like a user would. */
export function onParentGone() {
  app.quit();
}
