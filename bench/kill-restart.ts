// Measures, for a master-launched f8.signal killed with SIGKILL: the time until its record is
// marked `error`, and until the restarted process has registered again (on-failure policy,
// default backoff). Also the time from an unanswered probe to `unresponsive` is bounded by the
// health period (2 s) x 3 misses. Usage: npx tsx bench/kill-restart.ts [rounds]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { startTestNats } from '../src/main/nats/testing.js';
import { Master } from '../src/main/master/master.js';
import { connectMaster } from '../src/cli/client.js';
import { sourceServicesDir as builtinServicesDir } from '../src/host/paths.js';
import { silentLogger } from '../src/shared/ports.js';
import type { InstanceRecord } from '../src/shared/types.js';

const rounds = Number(process.argv[2] ?? 3);
const nats = await startTestNats();
const dir = await mkdtemp(join(tmpdir(), 'f8-bench-kill-'));
const master = await Master.start({ natsUrl: nats.natsUrl, servicesDirs: [builtinServicesDir()], log: silentLogger, logDir: dir });
const client = await connectMaster(nats.natsUrl, 'bench');
await client.call('ping', { clientId: 'bench' });
const t0 = performance.now();
await client.call('startInstance', { serviceClass: 'f8.signal', instanceId: 'sig-bench' }, { timeoutMs: 30_000 });
console.log(`startInstance f8.signal until registered: ${(performance.now() - t0).toFixed(0)} ms`);
const kv = await new Kvm(client.nc).open('kv_f8_master_instances');
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
await master.stop({ stopInstances: true });
await client.close();
await nats.stop();
await rm(dir, { recursive: true, force: true });
