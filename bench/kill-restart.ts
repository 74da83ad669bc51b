// Measures, for a master-launched f8.signal killed with SIGKILL: the time until its record is
// marked `error`, and until the restarted process has registered again (on-failure policy,
// default backoff). Also the time from an unanswered probe to `unresponsive` is bounded by the
// health period (2 s) x 3 misses. Usage: npx tsx bench/kill-restart.ts [rounds]
import { Kvm } from '@nats-io/kv';
import { sourceServicesDir as builtinServicesDir } from '../src/host/paths.js';
import { startBenchMaster } from './lib/master.js';
import type { InstanceRecord } from '../src/shared/types.js';

const rounds = Number(process.argv[2] ?? 3);
const m = await startBenchMaster([builtinServicesDir()]);
const t0 = performance.now();
await m.call('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig-bench' }, 30_000);
console.log(`startInstance f8.signal until registered: ${(performance.now() - t0).toFixed(0)} ms`);
const kv = await new Kvm(m.nc).open('kv_f8_master_instances');
const rec = async () => {
  const e = await kv.get('sig-bench');
  return e && e.length ? (JSON.parse(new TextDecoder().decode(e.value)) as InstanceRecord) : null;
};
for (let i = 0; i < rounds; i++) {
  const before = (await rec())!;
  const t = performance.now();
  process.kill(before.pid!, 'SIGKILL');
  let marked = 0;
  for (;;) {
    const r = await rec();
    if (!marked && r && (r.status === 'error' || r.pid !== before.pid)) marked = performance.now() - t;
    if (r && r.runId !== before.runId && r.status === 'deactivated') break;
    await new Promise((res) => setTimeout(res, 10));
  }
  console.log(`kill -9 round ${i + 1}: marked after ${marked.toFixed(0)} ms, registered again after ${(performance.now() - t).toFixed(0)} ms`);
}
await m.stop();
