// The IPC contract between the Electron main process and the desktop window (through the
// preload): channel names, and for each the schema of its payload and of its reply
// (schemas/ipc.schema.json, validated in main with the project's validators). The preload builds
// its API from this table and nothing else; main checks the sender of each call (the app's own
// page) and both shapes. Pure: no electron, no node:*.

export interface ConnectionInfo {
  /** WebSocket URL of the NATS server the editor talks to (no credentials in it). */
  natsWsUrl: string | null;
  /** TCP URL without credentials (for display). */
  natsUrl: string | null;
  /** The editor's password on the embedded server (its user is NATS_USERS.editor), or null. */
  token: string | null;
}

export interface OpenedGraphFile {
  /** Absolute path: saving goes back to it without asking. */
  path: string;
  name: string;
  text: string;
}

export interface SaveGraphRequest {
  /** Where the document came from; absent: ask where (a save dialog). */
  path?: string;
  /** The suggested file name when asking. */
  name: string;
  text: string;
}

export interface SavedGraphFile {
  path: string;
  name: string;
}

export interface RecentFile {
  path: string;
  name: string;
}

export type Theme = 'system' | 'light' | 'dark';

/** The HTTP gateway of the embedded master (docs/gateway.md): off unless enabled; port 0 is any free port. */
export interface GatewaySetting {
  enabled: boolean;
  port: number;
}

export interface Settings {
  /** More services folders, after the built-in ones (applies at the next start). */
  servicesDirs: string[];
  theme: Theme;
  /** Whether Live is on when a window opens. */
  liveDefault: boolean;
  /** The data dir (applies at the next start); null: F8_DATA_DIR, else ~/.f8studio. */
  dataDir: string | null;
  /** The HTTP gateway (applies at the next start); absent: off. */
  gateway?: GatewaySetting;
}

export interface AppInfo {
  name: string;
  version: string;
  electron: string | null;
  chrome: string | null;
  node: string;
  natsServer: string | null;
  platform: string;
  dataDir: string;
  logsDir: string;
  settingsFile: string;
  /** The HTTP gateway's API_URL while it runs (its token is in <dataDir>/gateway/token). */
  apiUrl?: string | null;
}

export interface DocumentState {
  name: string;
  dirty: boolean;
  path?: string;
}

/** A command of the editor's registry as the native menu shows it. */
export interface MenuCommand {
  id: string;
  title: string;
  group: 'file' | 'edit' | 'view' | 'graph';
  /** Registry notation ('Mod+S', 'Shift+Mod+Z', 'F5'); the first is the menu's accelerator. */
  keys: string[];
  enabled: boolean;
  checked?: boolean;
  /** A command that takes an argument: one menu item per choice (e.g. the examples). */
  choices?: { arg: string; label: string }[];
}

export interface WindowReply {
  requestId: number;
  value: { dirty?: boolean; name?: string; saved?: boolean };
}

/** The main window's last bounds (stored in window-state.json). */
export interface WindowState {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

export type StartupAction = 'retry' | 'quit' | 'connect' | 'choose-data-dir' | 'reveal-logs' | 'open-data-folder';

/** A schema of schemas/ipc.schema.json: `ipc.<definition>`. */
export const IPC_SCHEMA_NAMES = [
  'ipc.empty',
  'ipc.null',
  'ipc.connectionInfo',
  'ipc.openedFile',
  'ipc.openedFileOrNull',
  'ipc.saveRequest',
  'ipc.savedFileOrNull',
  'ipc.pathRequest',
  'ipc.recentFiles',
  'ipc.settings',
  'ipc.settingsPatch',
  'ipc.appInfo',
  'ipc.documentState',
  'ipc.menuState',
  'ipc.reply',
  'ipc.startupAction',
  'ipc.menuCommandEvent',
  'ipc.requestEvent',
  'ipc.windowState',
] as const;
export type IpcSchemaName = (typeof IPC_SCHEMA_NAMES)[number];

/**
 * Calls from the window (ipcRenderer.invoke -> ipcMain.handle): channel, payload schema, reply
 * schema. `page: 'startup'` calls are the start-up failure page's (its own sender check).
 */
export const IPC_INVOKE = {
  connectionInfo: { channel: 'f8:connection-info', request: 'ipc.empty', reply: 'ipc.connectionInfo' },
  openGraph: { channel: 'f8:open-graph', request: 'ipc.empty', reply: 'ipc.openedFileOrNull' },
  saveGraph: { channel: 'f8:save-graph', request: 'ipc.saveRequest', reply: 'ipc.savedFileOrNull' },
  openPath: { channel: 'f8:open-path', request: 'ipc.pathRequest', reply: 'ipc.openedFile' },
  recentFiles: { channel: 'f8:recent-files', request: 'ipc.empty', reply: 'ipc.recentFiles' },
  openRecent: { channel: 'f8:open-recent', request: 'ipc.pathRequest', reply: 'ipc.openedFile' },
  getSettings: { channel: 'f8:get-settings', request: 'ipc.empty', reply: 'ipc.settings' },
  setSettings: { channel: 'f8:set-settings', request: 'ipc.settingsPatch', reply: 'ipc.settings' },
  appInfo: { channel: 'f8:app-info', request: 'ipc.empty', reply: 'ipc.appInfo' },
  revealLogs: { channel: 'f8:reveal-logs', request: 'ipc.empty', reply: 'ipc.null' },
  openDataFolder: { channel: 'f8:open-data-folder', request: 'ipc.empty', reply: 'ipc.null' },
  documentState: { channel: 'f8:document-state', request: 'ipc.documentState', reply: 'ipc.null' },
  menuState: { channel: 'f8:menu-state', request: 'ipc.menuState', reply: 'ipc.null' },
  reply: { channel: 'f8:reply', request: 'ipc.reply', reply: 'ipc.null' },
  startupAction: { channel: 'f8:startup-action', request: 'ipc.startupAction', reply: 'ipc.null', page: 'startup' },
} as const satisfies Record<string, { channel: string; request: IpcSchemaName; reply: IpcSchemaName; page?: 'startup' }>;

export type IpcInvokeName = keyof typeof IPC_INVOKE;

/** Messages main sends the window (webContents.send -> ipcRenderer.on). */
export const IPC_EVENTS = {
  /** A native menu item of an editor command was clicked. */
  menuCommand: { channel: 'f8:menu-command', payload: 'ipc.menuCommandEvent' },
  /** A graph file to open: the command line, a second launch, the OS (open-file), Open Recent. */
  openFile: { channel: 'f8:open-file', payload: 'ipc.openedFile' },
  /** Closing: what is the document's state? Answer with `reply` {dirty, name}. */
  closeQuery: { channel: 'f8:close-query', payload: 'ipc.requestEvent' },
  /** The user chose Save in the close question: save, then answer with `reply` {saved}. */
  saveForClose: { channel: 'f8:save-for-close', payload: 'ipc.requestEvent' },
} as const satisfies Record<string, { channel: string; payload: IpcSchemaName }>;

export type IpcEventName = keyof typeof IPC_EVENTS;

/** A call that carries nothing (the preload sends `{}`, the schema `ipc.empty`). */
export type None = null;

/** Payload and reply types of each call. */
export interface IpcInvokeTypes {
  connectionInfo: [None, ConnectionInfo];
  openGraph: [None, OpenedGraphFile | null];
  saveGraph: [SaveGraphRequest, SavedGraphFile | null];
  openPath: [{ path: string }, OpenedGraphFile];
  recentFiles: [None, RecentFile[]];
  openRecent: [{ path: string }, OpenedGraphFile];
  getSettings: [None, Settings];
  setSettings: [Partial<Settings>, Settings];
  appInfo: [None, AppInfo];
  revealLogs: [None, null];
  openDataFolder: [None, null];
  documentState: [DocumentState, null];
  menuState: [{ commands: MenuCommand[] }, null];
  reply: [WindowReply, null];
  startupAction: [{ action: StartupAction }, null];
}

export interface IpcEventTypes {
  menuCommand: { id: string; arg?: string };
  openFile: OpenedGraphFile;
  closeQuery: { requestId: number };
  saveForClose: { requestId: number };
}

type Call<N extends IpcInvokeName> = IpcInvokeTypes[N][0] extends None ? () => Promise<IpcInvokeTypes[N][1]> : (payload: IpcInvokeTypes[N][0]) => Promise<IpcInvokeTypes[N][1]>;

/** What the preload exposes as `window.f8`: one function per call, `on` for main's messages, and the path of a dropped file. */
export type F8DesktopApi = { [N in IpcInvokeName]: Call<N> } & {
  /** Listens to a message from main; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventTypes[E]) => void): () => void;
  /** The path of a file dropped on the window (webUtils.getPathForFile; '' when not from disk). */
  pathForFile(file: File): string;
};

/** The largest graph file the desktop reads or writes (the editor refuses larger ones too). */
export const MAX_GRAPH_FILE_BYTES = 32 * 1024 * 1024;

/** The file extensions the desktop opens as graphs (the file association is .f8graph). */
export const GRAPH_EXTENSIONS = ['f8graph', 'json'] as const;
