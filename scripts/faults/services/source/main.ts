// fault.source: sequence numbers at a steady rate (in batches every 10 ms), so a sink or the
// recorder can tell exactly which messages a fault lost.
import { manifestBeside, runService, type ServiceContext } from '../../../../src/sdk/index.js';

let seq = 0;
let timer: { dispose(): unknown } | null = null;
let carry = 0;

function schedule(ctx: ServiceContext): void {
  void timer?.dispose();
  timer = null;
  if (!ctx.activated) return;
  const rate = Number(ctx.getState('rateHz') ?? 1000);
  let last = Date.now();
  timer = ctx.every(10, () => {
    const now = Date.now();
    carry += (rate * (now - last)) / 1000;
    last = now;
    for (; carry >= 1; carry--) ctx.publish('seq', { s: seq++, t: performance.timeOrigin + performance.now() });
  });
}

await runService({
  manifest: manifestBeside(import.meta.url),
  onActivate: schedule,
  onDeactivate: schedule,
  onState(ctx, change) {
    if (change.field === 'rateHz') schedule(ctx);
  },
  commands: {
    report: () => ({ published: seq, next: seq }),
  },
});
