// The typed IPC surface between the Electron main process and the renderer (via preload).
// The preload exposes exactly these calls; main validates the sender of each.

export interface ConnectionInfo {
  /** WebSocket URL of the NATS server the editor talks to. */
  natsWsUrl: string | null;
  /** TCP URL (for display). */
  natsUrl: string | null;
}

export const IPC_CHANNELS = {
  connectionInfo: 'f8:connection-info',
} as const;

export interface F8DesktopApi {
  connectionInfo(): Promise<ConnectionInfo>;
}
