// The desktop's IPC handlers as plain functions (no electron import: tested in Node). Each one
// refuses a sender that is not the app's own page and a payload of the wrong shape.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { IPC_CHANNELS, MAX_GRAPH_FILE_BYTES, saveRequestProblem, type ConnectionInfo, type IpcChannel, type OpenedGraphFile, type SavedGraphFile } from '../../shared/ipc.js';

/** True when `frameUrl` is a page of the app's origin (`http://127.0.0.1:<web port>`); a missing frame is refused. */
export function isAppSender(frameUrl: string | null | undefined, appOrigin: string): boolean {
  if (!frameUrl) return false;
  try {
    return new URL(frameUrl).origin === appOrigin;
  } catch {
    return false;
  }
}

export interface DesktopIpcDeps {
  /** The origin of the app's page (the host's web server). */
  appOrigin: () => string | null;
  connectionInfo: () => ConnectionInfo;
  /** The native open dialog: a path, or null when cancelled. */
  chooseOpenPath: () => Promise<string | null>;
  /** The native save dialog, suggesting `name`: a path, or null when cancelled. */
  chooseSavePath: (name: string) => Promise<string | null>;
}

export type IpcHandler = (payload: unknown) => Promise<unknown>;

/** The handler per channel, each behind the sender check (`senderUrl` is event.senderFrame?.url). */
export function desktopIpc(deps: DesktopIpcDeps): Record<IpcChannel, (senderUrl: string | null | undefined, payload: unknown) => Promise<unknown>> {
  const guarded = (channel: IpcChannel, fn: IpcHandler) => async (senderUrl: string | null | undefined, payload: unknown) => {
    const origin = deps.appOrigin();
    if (!origin || !isAppSender(senderUrl, origin)) throw new Error(`${channel}: refused: the sender is not the app's window (${senderUrl ?? 'no frame'})`);
    return fn(payload);
  };
  return {
    [IPC_CHANNELS.connectionInfo]: guarded(IPC_CHANNELS.connectionInfo, async (payload) => {
      if (payload !== undefined) throw new Error(`${IPC_CHANNELS.connectionInfo}: takes no payload`);
      return deps.connectionInfo();
    }),
    [IPC_CHANNELS.openGraph]: guarded(IPC_CHANNELS.openGraph, async (payload) => {
      if (payload !== undefined) throw new Error(`${IPC_CHANNELS.openGraph}: takes no payload`);
      const path = await deps.chooseOpenPath();
      return path ? readGraphFile(path) : null;
    }),
    [IPC_CHANNELS.saveGraph]: guarded(IPC_CHANNELS.saveGraph, async (payload) => {
      const bad = saveRequestProblem(payload);
      if (bad) throw new Error(`${IPC_CHANNELS.saveGraph}: ${bad}`);
      const req = payload as { path?: string; name: string; text: string };
      let path = req.path ?? (await deps.chooseSavePath(req.name));
      if (!path) return null;
      if (!extname(path)) path += '.f8graph';
      await writeFile(path, req.text);
      return { path, name: basename(path) } satisfies SavedGraphFile;
    }),
  };
}

export async function readGraphFile(path: string): Promise<OpenedGraphFile> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`${path} is not a file`);
  if (st.size > MAX_GRAPH_FILE_BYTES) throw new Error(`${path} is ${st.size} bytes: over the ${MAX_GRAPH_FILE_BYTES}-byte limit for a graph file`);
  return { path, name: basename(path), text: await readFile(path, 'utf8') };
}
