// Measures the engine's tick rate against tickMs: tick -> counter -> print, counter read from
// the engine's bucket over a few seconds. Usage: npx tsx bench/engine-tick.ts [tickMs] [seconds]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { startTestNats } from '../src/main/nats/testing.js';
import { Master } from '../src/main/master/master.js';
import { connectMaster } from '../src/cli/client.js';
import { sourceServicesDir as builtinServicesDir } from '../src/host/paths.js';
import { silentLogger } from '../src/shared/ports.js';

const tickMs = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 3);
const nats = await startTestNats();
const dir = await mkdtemp(join(tmpdir(), 'f8-bench-tick-'));
const master = await Master.start({ natsUrl: nats.natsUrl, servicesDirs: [builtinServicesDir()], log: silentLogger, logDir: dir });
const client = await connectMaster(nats.natsUrl, 'bench');
await client.call('ping', { clientId: 'bench' });
const graph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'tick-bench',
  nodes: [
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine', state: { tickMs } },
    { nodeId: 't', kind: 'operator', operatorClass: 'tick', parentId: 'eng' },
    { nodeId: 'c', kind: 'operator', operatorClass: 'counter', parentId: 'eng' },
  ],
  edges: [{ kind: 'exec', from: { nodeId: 't', port: 'out' }, to: { nodeId: 'c', port: 'in' } }],
};
await client.call('deployGraph', { graph });
const kv = await new Kvm(client.nc).open('kv_f8_eng');
const count = async () => {
  const e = await kv.get('nodes.c.state.count');
  return e && e.length ? (JSON.parse(new TextDecoder().decode(e.value)) as { value: number }).value : 0;
};
await new Promise((r) => setTimeout(r, 500));
const c0 = await count();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const c1 = await count();
const elapsed = (performance.now() - t0) / 1000;
const rate = (c1 - c0) / elapsed;
console.log(`engine tickMs ${tickMs}: ${rate.toFixed(1)} ticks/s measured over ${elapsed.toFixed(1)} s (expected ${(1000 / tickMs).toFixed(1)})`);
await master.stop({ stopInstances: true });
await client.close();
await nats.stop();
await rm(dir, { recursive: true, force: true });
