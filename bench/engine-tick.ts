// Measures the engine's tick rate against tickMs: tick -> counter -> print, counter read from
// the engine's bucket over a few seconds. Usage: npx tsx bench/engine-tick.ts [tickMs] [seconds]
import { Kvm } from '@nats-io/kv';
import { sourceServicesDir as builtinServicesDir } from '../src/host/paths.js';
import { startBenchMaster } from './lib/master.js';

const tickMs = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 3);
const m = await startBenchMaster([builtinServicesDir()]);
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
await m.call('deployGraph', { graph });
const kv = await new Kvm(m.nc).open('kv_f8_eng');
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
await m.stop();
