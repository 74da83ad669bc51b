// The exports of `electron` the stand-in does not implement: present so imports link, unusable
// (any use throws `not supported by the stand-in: <what>` and is reported).
import { unsupportedExport } from './honesty.mjs';

const rendererOnly = (name) => unsupportedExport(`${name} (a renderer API, called in the main process)`);

export const contextBridge = rendererOnly('contextBridge');
export const ipcRenderer = rendererOnly('ipcRenderer');
export const webUtils = rendererOnly('webUtils');
export const webFrame = rendererOnly('webFrame');
// the rest of Electron's main-process API: present so imports link, unusable
export const autoUpdater = unsupportedExport('autoUpdater');
export const BaseWindow = unsupportedExport('BaseWindow');
export const BrowserView = unsupportedExport('BrowserView');
export const clipboard = unsupportedExport('clipboard');
export const contentTracing = unsupportedExport('contentTracing');
export const crashReporter = unsupportedExport('crashReporter');
export const desktopCapturer = unsupportedExport('desktopCapturer');
export const globalShortcut = unsupportedExport('globalShortcut');
export const inAppPurchase = unsupportedExport('inAppPurchase');
export const MessageChannelMain = unsupportedExport('MessageChannelMain');
export const nativeImage = unsupportedExport('nativeImage');
export const net = unsupportedExport('net');
export const netLog = unsupportedExport('netLog');
export const Notification = unsupportedExport('Notification');
export const powerMonitor = unsupportedExport('powerMonitor');
export const powerSaveBlocker = unsupportedExport('powerSaveBlocker');
export const protocol = unsupportedExport('protocol');
export const pushNotifications = unsupportedExport('pushNotifications');
export const safeStorage = unsupportedExport('safeStorage');
export const ShareMenu = unsupportedExport('ShareMenu');
export const systemPreferences = unsupportedExport('systemPreferences');
export const TouchBar = unsupportedExport('TouchBar');
export const Tray = unsupportedExport('Tray');
export const utilityProcess = unsupportedExport('utilityProcess');
export const View = unsupportedExport('View');
export const WebContentsView = unsupportedExport('WebContentsView');
export const webFrameMain = unsupportedExport('webFrameMain');
