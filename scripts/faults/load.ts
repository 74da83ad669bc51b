// The load fault: 20 instances (10 sources at 500 msg/s, 10 sinks with 5 inputs each), so 50
// cross-instance edges at 500 msg/s each, for a minute: no process may die; the master's RSS at
// the start and the end, and the p99 edge latency the sinks measured.
import type { ServiceGraph } from '../../src/shared/types.js';
import type { Row, Env } from './faults.js';
import { instanceClient } from '../../src/bus/index.js';
import { cmd, deploy, records, rssBytes, sleep, watchDuplicates } from './harness.js';

export function loadGraph(sources = 10, sinks = 10, perSink = 5, rateHz = 500): ServiceGraph {
  const nodes = [
    ...Array.from({ length: sources }, (_, i) => ({ nodeId: `ls${i}`, kind: 'service', serviceClass: 'fault.source', state: { rateHz } })),
    ...Array.from({ length: sinks }, (_, i) => ({ nodeId: `lk${i}`, kind: 'service', serviceClass: 'fault.sink' })),
  ];
  const edges = [];
  for (let i = 0; i < sinks; i++) {
    for (let k = 0; k < perSink; k++) edges.push({ edgeId: `l${i}-${k}`, kind: 'data', from: { nodeId: `ls${(i + k) % sources}`, port: 'seq' }, to: { nodeId: `lk${i}`, port: `in${k}` } });
  }
  return { schemaVersion: 'f8studio-graph/1', graphId: 'faults-load', nodes, edges } as ServiceGraph;
}

export async function load(env: Env, seconds: number): Promise<Row> {
  const base = (await env.c.call('history', { limit: 1 })).deploys[0]?.revision;
  const graph = loadGraph();
  await deploy(env.c, graph, base);
  const dups = watchDuplicates(env.dataDir);
  const before = new Map((await records(env.c)).map((r) => [r.instanceId, r.pid]));
  const masterPid = env.master.child.pid!;
  const rss0 = rssBytes(masterPid);
  await sleep(seconds * 1_000);
  const rss1 = rssBytes(masterPid);
  const after = await records(env.c);
  // stop the sources, let the last messages land, then count both ends
  await Promise.all(Array.from({ length: 10 }, (_, i) => instanceClient(env.c.nc, `ls${i}`, env.c.clientId).call('deactivate', {}, { timeoutMs: 5_000 })));
  await sleep(1_000);
  const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => cmd<{ published: number }>(env.c, `ls${i}`, 'report')));
  const died = after.filter((r) => before.get(r.instanceId) !== r.pid || r.status !== 'activated').map((r) => r.instanceId);
  const reports = await Promise.all(Array.from({ length: 10 }, (_, i) => cmd<{ received: number; p50Ms: number; p99Ms: number; maxMs: number }>(env.c, `lk${i}`, 'report')));
  const received = reports.reduce((a, r) => a + r.received, 0);
  const p99 = Math.max(...reports.map((r) => r.p99Ms));
  const p50 = Math.max(...reports.map((r) => r.p50Ms));
  // every source feeds 5 sinks
  const expected = sent.reduce((a, r) => a + r.published * 5, 0);
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  return {
    fault: `load: 20 instances, 50 cross edges at 500 msg/s each, ${seconds} s`,
    detectMs: null,
    recoverMs: null,
    lost: `${expected - received} of ${expected} deliveries (core NATS is at-most-once: counted)`,
    unackedMissing: '-',
    duplicates: dups.stop(),
    notes: `${died.length ? `DIED: ${died.join(', ')}` : 'no process died'}; master RSS ${mb(rss0)} -> ${mb(rss1)}; edge latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (worst sink)`,
  };
}
