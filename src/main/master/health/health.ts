// The health prober: pings every registered instance's micro service on an interval and
// reports each answer or miss. What a miss means (failCount, unresponsive) is the registry's.
import type { Disposable } from '../../../shared/disposable.js';
import type { Logger } from '../../../shared/ports.js';

export const DEFAULT_HEALTH_PERIOD_MS = 2_000;

export interface HealthOptions<R> {
  /** Ids to probe on each round. */
  targets: () => string[];
  /** One probe; null when nobody answered in time. */
  probe: (instanceId: string, timeoutMs: number) => Promise<R | null>;
  report: (instanceId: string, result: R | null) => Promise<void> | void;
  /**
   * Asked after the probes: may this round's silence be believed? (False when the prober's own
   * link to NATS is down or frozen: then nobody answering says nothing about the instances.)
   */
  trustworthy?: () => Promise<boolean>;
  log: Logger;
  periodMs?: number;
  /** Per-probe timeout (default: min(1000, period)). */
  timeoutMs?: number;
}

export class HealthProber<R> implements Disposable {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  readonly periodMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: HealthOptions<R>) {
    this.periodMs = opts.periodMs ?? DEFAULT_HEALTH_PERIOD_MS;
    this.timeoutMs = opts.timeoutMs ?? Math.min(1_000, this.periodMs);
  }

  start(): void {
    if (this.stopped || this.timer) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        this.running = this.round().finally(() => {
          this.running = null;
          if (!this.stopped) loop();
        });
      }, this.periodMs);
    };
    loop();
  }

  /** One round: probes every target in parallel. */
  async round(): Promise<void> {
    const ids = this.opts.targets();
    const results = await Promise.all(
      ids.map(async (id) => {
        try {
          return await this.opts.probe(id, this.timeoutMs);
        } catch (err) {
          this.opts.log.warn(`health: probing ${id}: ${(err as Error).message}`);
          return null;
        }
      }),
    );
    if (this.stopped) return;
    // silence proves nothing when the prober itself could not reach NATS meanwhile
    if (results.some((r) => r === null) && this.opts.trustworthy && !(await this.opts.trustworthy())) {
      this.opts.log.warn('health: this round is not trusted (the master could not reach NATS); no verdicts');
      return;
    }
    await Promise.all(
      ids.map(async (id, i) => {
        try {
          await this.opts.report(id, results[i] ?? null);
        } catch (err) {
          this.opts.log.error(`health: recording ${id}: ${(err as Error).message}`);
        }
      }),
    );
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
