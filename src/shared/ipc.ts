// The typed IPC surface between the Electron main process and the renderer (via preload).
// The preload exposes exactly these calls; main checks the sender of each (the app's own page,
// served by the host's loopback web server) and the shape of each payload.

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

export const IPC_CHANNELS = {
  connectionInfo: 'f8:connection-info',
  openGraph: 'f8:open-graph',
  saveGraph: 'f8:save-graph',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export interface F8DesktopApi {
  connectionInfo(): Promise<ConnectionInfo>;
  /** Asks for a graph file (the native open dialog); null when cancelled. */
  openGraph(): Promise<OpenedGraphFile | null>;
  /** Writes to `path` when given, else asks where; null when cancelled. */
  saveGraph(req: SaveGraphRequest): Promise<SavedGraphFile | null>;
}

/** The largest graph file the desktop reads or writes (the editor refuses larger ones too). */
export const MAX_GRAPH_FILE_BYTES = 32 * 1024 * 1024;

/** Null when `v` is a well-formed SaveGraphRequest, else what is wrong. */
export function saveRequestProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected an object {path?, name, text}';
  const r = v as Record<string, unknown>;
  for (const k of Object.keys(r)) if (k !== 'path' && k !== 'name' && k !== 'text') return `unknown field '${k}'`;
  if (r.path !== undefined && (typeof r.path !== 'string' || r.path === '' || r.path.includes('\0'))) return 'path must be a non-empty string';
  if (typeof r.name !== 'string' || r.name === '' || r.name.length > 255 || /[\\/\0]/.test(r.name)) return 'name must be a file name (no slashes), at most 255 characters';
  if (typeof r.text !== 'string') return 'text must be a string';
  if (r.text.length > MAX_GRAPH_FILE_BYTES) return `text is over ${MAX_GRAPH_FILE_BYTES} bytes`;
  return null;
}
