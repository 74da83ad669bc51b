// The desktop's IPC handlers as plain functions (no electron import: tested in Node), one per call
// of the contract (src/shared/ipc.ts). Each refuses a sender whose frame is not the app's page (a
// missing frame too), then a payload its schema refuses; its own reply is checked against the
// reply schema before it leaves. Paths the window may write to or read back are only the ones
// main handed it (a dialog, a recent file, a launch argument): a compromised page cannot name
// another file.
import { readFile, stat } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { basename, extname } from 'node:path';
import { validate } from '../../shared/schemas.js';
import {
  IPC_INVOKE,
  MAX_GRAPH_FILE_BYTES,
  type AppInfo,
  type ConnectionInfo,
  type DocumentState,
  type IpcInvokeName,
  type IpcInvokeTypes,
  type MenuCommand,
  type OpenedGraphFile,
  type RecentFile,
  type Settings,
  type StartupAction,
  type WindowReply,
} from '../../shared/ipc.js';
import { isGraphPath } from './argv.js';
import { samePath } from './stores.js';

/** True when `frameUrl` is a page of the app's origin (`http://127.0.0.1:<web port>`); a missing frame is refused. */
export function isAppSender(frameUrl: string | null | undefined, appOrigin: string): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return u.protocol === 'http:' && u.origin === appOrigin;
  } catch {
    return false;
  }
}

/** Who called: the frame's URL (event.senderFrame?.url: null when the frame is gone) and its window. */
export interface IpcSender {
  url: string | null | undefined;
  windowId: number;
}

export interface DesktopIpcDeps {
  /** The origin of the editor's page (the host's web server, or a running master's when connected to it). */
  appOrigin: () => string | null;
  /** The URL of the start-up failure page now shown, if any (its calls are checked against it exactly). */
  startupPageUrl: () => string | null;
  connectionInfo: () => ConnectionInfo;
  /** The native open dialog: a path, or null when cancelled. */
  chooseOpenPath: () => Promise<string | null>;
  /** The native save dialog, suggesting `name`: a path, or null when cancelled. */
  chooseSavePath: (name: string) => Promise<string | null>;
  recent: { all(): RecentFile[]; has(path: string): boolean; add(path: string): unknown };
  settings: { get(): Settings; set(patch: Partial<Settings>): Settings };
  appInfo: () => Promise<AppInfo>;
  revealLogs: () => Promise<void>;
  openDataFolder: () => Promise<void>;
  documentState: (windowId: number, state: DocumentState) => void;
  menuState: (windowId: number, commands: MenuCommand[]) => void;
  reply: (windowId: number, reply: WindowReply) => void;
  startupAction: (action: StartupAction) => void;
}

export type IpcHandlerFn = (sender: IpcSender, payload: unknown) => Promise<unknown>;

/** Refusals carry this prefix, so the window (and a test) can tell them from failures of the work. */
export class IpcRefused extends Error {
  constructor(channel: string, why: string) {
    super(`${channel}: refused: ${why}`);
    this.name = 'IpcRefused';
  }
}

/** The paths main has handed to the window (opened, saved, launched with): the only ones it may save to. */
export class KnownPaths {
  private readonly paths = new Set<string>();
  add(path: string): void {
    this.paths.add(samePath(path));
  }
  has(path: string): boolean {
    return this.paths.has(samePath(path));
  }
}

/** The handler per channel, each behind the sender check and both schema checks. */
export function desktopIpc(deps: DesktopIpcDeps, known = new KnownPaths()): Record<string, IpcHandlerFn> {
  const open = async (path: string): Promise<OpenedGraphFile> => {
    const file = await readGraphFile(path);
    known.add(file.path);
    deps.recent.add(file.path);
    return file;
  };
  const impl: { [N in IpcInvokeName]: (p: IpcInvokeTypes[N][0], sender: IpcSender) => Promise<IpcInvokeTypes[N][1]> } = {
    connectionInfo: async () => deps.connectionInfo(),
    openGraph: async () => {
      const path = await deps.chooseOpenPath();
      return path ? open(path) : null;
    },
    saveGraph: async (req) => {
      if (req.path !== undefined && !known.has(req.path)) throw new IpcRefused(IPC_INVOKE.saveGraph.channel, `${req.path} was not opened or saved through this app: save it with Save As`);
      let path = req.path ?? (await deps.chooseSavePath(req.name));
      if (!path) return null;
      if (!extname(path)) path += '.f8graph';
      if (Buffer.byteLength(req.text) > MAX_GRAPH_FILE_BYTES) throw new Error(`the graph is over the ${MAX_GRAPH_FILE_BYTES}-byte limit of a graph file`);
      await writeAtomically(path, req.text);
      known.add(path);
      deps.recent.add(path);
      return { path, name: basename(path) };
    },
    openPath: async ({ path }) => {
      // a file dropped on the window: any folder, but only a graph file that is one
      if (!isGraphPath(path)) throw new IpcRefused(IPC_INVOKE.openPath.channel, `${basename(path)} is not a graph file (.f8graph or .json)`);
      const file = await readGraphFile(path);
      if (!looksLikeGraph(file.text)) throw new IpcRefused(IPC_INVOKE.openPath.channel, `${file.name} is not an f8studio graph (no "schemaVersion": "f8studio-graph/1")`);
      known.add(file.path);
      deps.recent.add(file.path);
      return file;
    },
    recentFiles: async () => deps.recent.all(),
    openRecent: async ({ path }) => {
      if (!deps.recent.has(path)) throw new IpcRefused(IPC_INVOKE.openRecent.channel, `${path} is not a recent file`);
      return open(path);
    },
    getSettings: async () => deps.settings.get(),
    setSettings: async (patch) => deps.settings.set(patch),
    appInfo: async () => deps.appInfo(),
    revealLogs: async () => (await deps.revealLogs(), null),
    openDataFolder: async () => (await deps.openDataFolder(), null),
    documentState: async (state, sender) => (deps.documentState(sender.windowId, state), null),
    menuState: async ({ commands }, sender) => (deps.menuState(sender.windowId, commands), null),
    reply: async (r, sender) => (deps.reply(sender.windowId, r), null),
    startupAction: async ({ action }) => (deps.startupAction(action), null),
  };
  const handlers: Record<string, IpcHandlerFn> = {};
  for (const name of Object.keys(IPC_INVOKE) as IpcInvokeName[]) {
    const spec = IPC_INVOKE[name];
    const run = impl[name] as (p: unknown, sender: IpcSender) => Promise<unknown>;
    handlers[spec.channel] = async (sender, payload) => {
      const startup = 'page' in spec && spec.page === 'startup';
      const allowed = startup ? isStartupSender(sender.url, deps.startupPageUrl()) : isAppSender(sender.url, deps.appOrigin() ?? '');
      if (!allowed) throw new IpcRefused(spec.channel, `the sender is not the app's ${startup ? 'start-up page' : 'window'} (${describeSender(sender.url)})`);
      const input = validate(spec.request, payload);
      if (!input.ok) throw new IpcRefused(spec.channel, `bad payload: ${input.message}`);
      const out = await run(payload, sender);
      const checked = validate(spec.reply, out);
      if (!checked.ok) throw new Error(`${spec.channel}: the reply does not match its schema: ${checked.message}`);
      return out;
    };
  }
  return handlers;
}

function isStartupSender(url: string | null | undefined, pageUrl: string | null): boolean {
  return !!url && !!pageUrl && url === pageUrl;
}

function describeSender(url: string | null | undefined): string {
  if (!url) return 'no frame';
  return url.length > 80 ? `${url.slice(0, 77)}...` : url;
}

function looksLikeGraph(text: string): boolean {
  try {
    const v = JSON.parse(text) as { schemaVersion?: unknown };
    return typeof v === 'object' && v !== null && typeof v.schemaVersion === 'string' && v.schemaVersion.startsWith('f8studio-graph/');
  } catch {
    return false;
  }
}

/** A save never leaves a half-written graph: the text goes to a temp file beside it, renamed over it. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
}

export async function readGraphFile(path: string): Promise<OpenedGraphFile> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`${path} is not a file`);
  if (st.size > MAX_GRAPH_FILE_BYTES) throw new Error(`${path} is ${st.size} bytes: over the ${MAX_GRAPH_FILE_BYTES}-byte limit for a graph file`);
  return { path, name: basename(path), text: await readFile(path, 'utf8') };
}
