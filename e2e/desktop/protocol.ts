// The messages between the harness (the Playwright process) and the electron stand-in (the child
// running the main bundle) over the child's Node IPC channel, with `serialization: 'advanced'`
// (structured clone, as Electron's IPC). The child's side is plain JS: stand-in/electron.mjs.
//
// Envelope, both directions: a request gets exactly one reply with the same id; a note gets none.
//   { kind: 'req', id, body }   { kind: 'res', id, ok: true, value }   { kind: 'res', id, ok: false, error, code? }
//   { kind: 'note', body }

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** BrowserWindow options as they cross the wire (functions become '[function]'). */
export interface WindowOptions {
  width?: number;
  height?: number;
  title?: string;
  show?: boolean;
  webPreferences?: { preload?: string; contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

/** An application-menu item as the harness sees it; `ref` is the child's MenuItem.commandId. */
export interface MenuItemSnapshot {
  ref: number;
  id?: string;
  label: string;
  role?: string;
  accelerator?: string;
  type: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio' | string;
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  sublabel?: string;
  toolTip?: string;
  submenu?: MenuItemSnapshot[];
}

export type DialogMethod = 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox';

export interface DialogAnswers {
  showOpenDialog: { canceled: boolean; filePaths: string[]; bookmarks?: string[] };
  showSaveDialog: { canceled: boolean; filePath: string; bookmark?: string };
  showMessageBox: { response: number; checkboxChecked: boolean };
}

/** What onHeadersReceived listeners get (Electron's OnHeadersReceivedListenerDetails, minus `webContents`/`frame`). */
export interface HeadersDetails {
  id: number;
  url: string;
  method: string;
  resourceType: string;
  referrer: string;
  timestamp: number;
  statusLine: string;
  statusCode: number;
  responseHeaders: Record<string, string[]>;
  webContentsId: number;
}

export interface HeadersResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

// ---- the child asks, the parent answers ----
export type ChildRequest =
  | { op: 'window.create'; winId: number; wcId: number; options: WindowOptions; title: string; bounds: Bounds; visible: boolean }
  | { op: 'window.load'; winId: number; url: string }
  | { op: 'wc.reload'; winId: number }
  | { op: 'wc.exec'; winId: number; code: string }
  | { op: 'dialog'; method: DialogMethod; winId: number | null; options: Record<string, unknown> }
  | { op: 'shell'; method: 'openExternal' | 'openPath'; args: unknown[] };

export interface ChildReplies {
  'window.create': null;
  'window.load': null; // a failure carries `code` (e.g. ERR_CONNECTION_REFUSED)
  'wc.reload': null;
  'wc.exec': unknown;
  dialog: DialogAnswers[DialogMethod];
  shell: null;
}

// ---- the child tells ----
export type ChildNote =
  | { op: 'ready' }
  | { op: 'window.update'; winId: number; title?: string; visible?: boolean; bounds?: Bounds; focused?: boolean }
  | { op: 'window.closed'; winId: number }
  | { op: 'wc.send'; winId: number; channel: string; args: unknown[] }
  | { op: 'menu.set'; template: MenuItemSnapshot[] | null }
  | { op: 'dialog.errorBox'; title: string; content: string }
  | { op: 'shell.note'; method: 'showItemInFolder'; args: unknown[] }
  | { op: 'session'; method: string; active: boolean; detail?: unknown }
  | { op: 'app.call'; method: string; args: unknown[] }
  | { op: 'theme'; colorScheme: 'light' | 'dark' }
  | { op: 'unsupported'; what: string }
  | { op: 'exit'; code: number };

// ---- the parent asks, the child answers ----
export type ParentRequest =
  | { op: 'ipc.invoke'; winId: number; channel: string; args: unknown[]; senderUrl: string | null }
  | { op: 'menu.click'; path: string[] }
  | { op: 'app.quit' }
  | { op: 'app.emit'; event: 'activate' | 'second-instance' | 'open-file' | 'open-url'; args: unknown[] }
  | { op: 'window.userClose'; winId: number }
  | { op: 'window.focus'; winId: number }
  | { op: 'wc.willNavigate'; winId: number; url: string }
  | { op: 'wc.windowOpen'; winId: number; url: string; frameName: string; features: string }
  | { op: 'session.headers'; details: HeadersDetails }
  | { op: 'session.permission'; winId: number; permission: string; details: Record<string, unknown> }
  | { op: 'session.permissionCheck'; winId: number; permission: string; origin: string; details: Record<string, unknown> };

export interface ParentReplies {
  'ipc.invoke': unknown;
  'menu.click': null;
  'app.quit': null;
  'app.emit': { prevented: boolean };
  'window.userClose': { closed: boolean };
  'window.focus': null;
  'wc.willNavigate': { prevented: boolean };
  'wc.windowOpen': { action: 'allow' | 'deny'; overrideBrowserWindowOptions?: Record<string, unknown> };
  'session.headers': HeadersResponse;
  'session.permission': boolean;
  'session.permissionCheck': boolean;
}

// ---- the parent tells ----
export type ParentNote =
  | { op: 'ipc.send'; winId: number; channel: string; args: unknown[]; senderUrl: string | null }
  | { op: 'wc.event'; winId: number; event: 'dom-ready' | 'did-finish-load' | 'did-navigate' | 'page-title-updated' | 'render-process-gone'; url?: string; title?: string }
  | { op: 'window.gone'; winId: number };

export type Envelope<Req, Note> =
  { kind: 'req'; id: number; body: Req } | { kind: 'res'; id: number; ok: true; value: unknown } | { kind: 'res'; id: number; ok: false; error: string; code?: string } | { kind: 'note'; body: Note };

export type FromChild = Envelope<ChildRequest, ChildNote>;
export type ToChild = Envelope<ParentRequest, ParentNote>;
