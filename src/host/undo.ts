// What a start-up has started, undone in reverse order: the ordered stop of the backend (web
// server, master and its instances, nats-server, then the lock) and the clean-up of a start-up
// that failed or was interrupted half way.
import type { Logger } from '../shared/ports.js';

export class Undo {
  private readonly steps: { what: string; fn: () => Promise<unknown> }[] = [];

  constructor(private readonly log: Logger) {}

  push(what: string, fn: () => Promise<unknown>): void {
    this.steps.push({ what, fn });
  }

  /** Runs every step once, newest first; a step that fails is logged and the rest still run. */
  async run(): Promise<void> {
    for (let s = this.steps.pop(); s; s = this.steps.pop()) {
      try {
        await s.fn();
      } catch (err) {
        this.log.error(`stopping ${s.what}: ${(err as Error).message}`);
      }
    }
  }
}
