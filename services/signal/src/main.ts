// f8.signal: a waveform generator publishing on its `value` port while activated.
import { manifestBeside, runService, waveform, type ServiceContext, type Waveform } from '../../../src/sdk/index.js';

let startedAt = Date.now();
let count = 0;
let timer: { dispose(): unknown } | null = null;

const num = (ctx: ServiceContext, field: string, fallback: number) => {
  const v = ctx.getState(field);
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
};

function schedule(ctx: ServiceContext): void {
  void timer?.dispose();
  timer = null;
  if (!ctx.activated) return;
  const rate = num(ctx, 'rateHz', 20);
  timer = ctx.every(Math.max(1, Math.round(1000 / rate)), () => {
    const t = (Date.now() - startedAt) / 1000;
    const wf = (ctx.getState('waveform') as Waveform | undefined) ?? 'sine';
    const v = num(ctx, 'offset', 0) + num(ctx, 'amplitude', 1) * waveform(wf, t * num(ctx, 'frequency', 1)) + num(ctx, 'noise', 0) * (Math.random() * 2 - 1);
    ctx.publish('value', v);
    count++;
  });
}

await runService({
  manifest: manifestBeside(import.meta.url),
  onStart(ctx) {
    ctx.every(1000, () => void ctx.setState('samples', count));
  },
  onActivate(ctx) {
    schedule(ctx);
  },
  onDeactivate(ctx) {
    schedule(ctx);
  },
  onState(ctx, change) {
    if (change.nodeId === ctx.instanceId && change.field === 'rateHz') schedule(ctx);
  },
  commands: {
    reset() {
      startedAt = Date.now();
      return { phase: 0 };
    },
  },
});
