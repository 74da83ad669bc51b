// fault.sink: counts arrivals and keeps a latency histogram in 0.1 ms buckets up to 2 s.
import { manifestBeside, runService } from '../../../../src/sdk/index.js';

const BUCKET_MS = 0.1;
const buckets = new Uint32Array(20_000);
let received = 0;
let maxMs = 0;

function quantile(q: number): number {
  let want = Math.ceil(received * q);
  for (let i = 0; i < buckets.length; i++) {
    want -= buckets[i] as number;
    if (want <= 0) return (i + 1) * BUCKET_MS;
  }
  return maxMs;
}

await runService({
  manifest: manifestBeside(import.meta.url),
  onData(_ctx, _nodeId, _port, value) {
    const t = (value as { t?: number }).t;
    received++;
    if (typeof t !== 'number') return;
    const ms = Math.max(0, performance.timeOrigin + performance.now() - t);
    if (ms > maxMs) maxMs = ms;
    const i = Math.min(buckets.length - 1, Math.floor(ms / BUCKET_MS));
    buckets[i] = (buckets[i] as number) + 1;
  },
  commands: {
    report: () => ({ received, p50Ms: quantile(0.5), p99Ms: quantile(0.99), maxMs }),
  },
});
