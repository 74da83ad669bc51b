// Measures how long a manifest edit takes to reach kv_f8_master_services (added, changed,
// removed), with the master's default settings. Usage: npx tsx bench/catalog-latency.ts [rounds]
import { mkdtemp, rm, unlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { startTestNats } from '../src/main/nats/testing.js';
import { Master } from '../src/main/master/master.js';
import { connectNode } from '../src/bus/node.js';
import { silentLogger } from '../src/shared/ports.js';

const rounds = Number(process.argv[2] ?? 5);
const nats = await startTestNats();
const dir = await mkdtemp(join(tmpdir(), 'f8-bench-cat-'));
const master = await Master.start({ natsUrl: nats.natsUrl, servicesDirs: [dir], log: silentLogger, logDir: join(dir, '.logs') });
const nc = await connectNode(nats.natsUrl, { name: 'bench' });
const kv = await new Kvm(nc).open('kv_f8_master_services');
const manifest = (label: string) => JSON.stringify({ schemaVersion: 'f8service/1', serviceClass: 'bench.svc', label, version: '1.0.0', launch: { command: 'true' } });

async function waitFor(pred: (v: { label?: string } | null) => boolean): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const e = await kv.get('bench.svc');
    const v = e && e.operation === 'PUT' && e.length ? (JSON.parse(new TextDecoder().decode(e.value)) as { manifest: { label: string } }).manifest : null;
    if (pred(v)) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 5));
  }
}
const times: Record<string, number[]> = { added: [], changed: [], removed: [] };
await mkdir(join(dir, 'svc'), { recursive: true });
const file = join(dir, 'svc', 'service.json');
for (let i = 0; i < rounds; i++) {
  let t = performance.now();
  await writeFile(file, manifest(`a${i}`));
  await waitFor((v) => v?.label === `a${i}`);
  times.added!.push(performance.now() - t);
  t = performance.now();
  await writeFile(file, manifest(`b${i}`));
  await waitFor((v) => v?.label === `b${i}`);
  times.changed!.push(performance.now() - t);
  t = performance.now();
  await unlink(file);
  await waitFor((v) => v === null);
  times.removed!.push(performance.now() - t);
}
for (const [k, v] of Object.entries(times)) {
  v.sort((a, b) => a - b);
  console.log(`catalog ${k}: median ${v[Math.floor(v.length / 2)]!.toFixed(0)} ms, max ${v.at(-1)!.toFixed(0)} ms over ${v.length} rounds`);
}
await nc.close();
await master.stop();
await nats.stop();
await rm(dir, { recursive: true, force: true });
