// The data edge through the SDK (producer host -> f8.bus -> consumer host, with the v1.1 stats
// counters on the hot path) against raw nats.js pub/sub of the same JSON payloads, on one real
// nats-server. Usage: npx tsx bench/data-edge.ts [messages=50000]
import { instanceClient } from '../src/bus/index.js';
import { connectNode } from '../src/bus/node.js';
import { manifest, startMasterFixture, writeManifest } from '../src/main/master/testing.js';
import { ServiceHost } from '../src/sdk/host.js';
import { dataEdge, makeSubgraph } from '../src/sdk/testing.js';
import type { Manifest } from '../src/shared/types.js';

const N = Number(process.argv[2] ?? 50_000);
const probe = manifest('bench.probe', { dataInPorts: [{ name: 'in' }], dataOutPorts: [{ name: 'out' }], stateFields: [] }) as unknown as Manifest;
const f = await startMasterFixture({ setup: (d) => writeManifest(d, 'probe', probe).then(() => {}) });
const host = (id: string, onData?: () => void) =>
  new ServiceHost({ manifest: probe, ...(onData ? { onData } : {}) }, { env: { F8_NATS_URL: f.nats.natsUrl, F8_SERVICE_ID: id }, exitProcess: false }).start();
try {
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const producer = await host('bp');
  const consumer = await host('bc', () => {
    if (++received === N) done();
  });
  const e = dataEdge('bp', 'out', 'bc', 'in', { strategy: 'latest' });
  await instanceClient(f.client, 'bp', 'bench').call('deployOpGraph', { subgraph: makeSubgraph('bp', 'bench.probe', 1, [e.out]), expectedDeployRevision: null });
  await instanceClient(f.client, 'bc', 'bench').call('deployOpGraph', { subgraph: makeSubgraph('bc', 'bench.probe', 1, [e.in]), expectedDeployRevision: null });
  await instanceClient(f.client, 'bc', 'bench').call('activate', {});
  await instanceClient(f.client, 'bp', 'bench').call('activate', {});
  let t0 = performance.now();
  for (let i = 0; i < N; i++) {
    producer.ctx.publish('out', i);
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  await finished;
  const sdkRate = N / ((performance.now() - t0) / 1000);
  const stats = await instanceClient(f.client, 'bc', 'bench').call('stats', {});

  // raw nats.js: the same JSON payloads between two connections
  const a = await connectNode(f.nats.natsUrl, { name: 'raw-a' });
  const b = await connectNode(f.nats.natsUrl, { name: 'raw-b' });
  let got = 0;
  let rawDone: () => void = () => {};
  const rawFinished = new Promise<void>((r) => (rawDone = r));
  b.subscribe('bench.raw', { callback: () => void (++got === N && rawDone()) });
  await b.flush();
  const enc = new TextEncoder();
  t0 = performance.now();
  for (let i = 0; i < N; i++) {
    a.publish('bench.raw', enc.encode(JSON.stringify({ value: i, ts: Date.now() })));
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
  await rawFinished;
  const rawRate = N / ((performance.now() - t0) / 1000);
  await a.close();
  await b.close();
  console.log(`data edge (SDK, stats counters on): ${Math.round(sdkRate)} msg/s; raw nats.js JSON pub/sub: ${Math.round(rawRate)} msg/s; ratio ${(sdkRate / rawRate).toFixed(2)} over ${N} messages; consumer stats: received ${stats.inputs[0]?.received}, dropped ${stats.inputs[0]?.dropped}`);
  await producer.shutdown();
  await consumer.shutdown();
} finally {
  await f.stop();
}
