// Writes that may fail for a while (a full disk, a quota): the first failure marks the instance
// `error` with the reason, writes are dropped and counted meanwhile, and the first success
// after it clears the error. The service never crashes on them.
import type { ServiceContext } from './types.js';

export class WriteGuard {
  /** Writes dropped since the trouble began (reported when it ends). */
  dropped = 0;
  private failing: string | null = null;

  constructor(
    private readonly ctx: Pick<ServiceContext, 'fail' | 'clearError' | 'log'>,
    private readonly what: string,
  ) {}

  get failingReason(): string | null {
    return this.failing;
  }

  /** Runs a write; returns false when it failed (and was dropped). */
  run(write: () => void): boolean {
    try {
      write();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EAGAIN') return false; // a full pipe: nothing to report
      this.dropped++;
      if (this.failing === null) {
        const why = e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
        this.failing = `cannot write ${this.what}: ${why}`;
        void this.ctx.fail(`${this.failing}; writes are dropped until it can (they resume by themselves)`).catch(() => {});
      }
      return false;
    }
    if (this.failing !== null) {
      this.ctx.log(`writing ${this.what} again (${this.dropped} writes dropped while: ${this.failing})`);
      this.failing = null;
      this.dropped = 0;
      void this.ctx.clearError().catch(() => {});
    }
    return true;
  }
}
