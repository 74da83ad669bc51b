// Quitting: first every window's unsaved changes are asked about (any Cancel keeps the app), then
// the backend stops in order (instances, master, nats-server, the lock) and the app exits 0. A
// second quit while it stops exits at once (130); a quit while a question is open is ignored.
// No electron here: the glue passes before-quit's preventDefault and the app's exit.

export interface QuitDeps<W> {
  windows(): W[];
  /** The close question of one window. */
  confirm(w: W): Promise<'close' | 'keep'>;
  /** The windows may close now without asking again. */
  allowClose(w: W): void;
  closeAll(): void;
  stopBackend(): Promise<void>;
  exit(code: number): void;
  log: { warn(m: string): void; error(m: string): void };
}

export type QuitPhase = 'running' | 'asking' | 'stopping';

export class QuitFlow<W> {
  phase: QuitPhase = 'running';
  constructor(private readonly d: QuitDeps<W>) {}

  /** Electron's before-quit: `prevent` is its event's preventDefault. Resolves when this quit's work is done. */
  async beforeQuit(prevent: () => void): Promise<void> {
    if (this.phase === 'stopping') {
      this.d.log.warn('quit again while stopping: exiting now');
      this.d.exit(130);
      return;
    }
    prevent();
    if (this.phase === 'asking') return;
    this.phase = 'asking';
    for (const w of this.d.windows()) {
      if ((await this.d.confirm(w)) === 'keep') {
        this.phase = 'running';
        return;
      }
      this.d.allowClose(w);
    }
    this.phase = 'stopping';
    this.d.closeAll();
    await this.d.stopBackend().catch((err: unknown) => this.d.log.error(`stopping: ${(err as Error).message}`));
    this.d.exit(0);
  }
}
