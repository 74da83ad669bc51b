// deployGraph of ~200 operators over 10 running engines, three cases (every engine changed, one
// state value, positions only), against a floor that does the same necessary work: the compile
// floor (ajv, canonical JSON, native SHA-256), one request to a "master" that asks the changed
// instances in parallel (10 trivial responders, each a process as each engine is, that write the
// subgraph, the changed state keys and status/summary into their KV bucket) and then
// compare-and-sets the deployed graph.
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNode } from '../../src/bus/node.js';
import { compile, type CompiledSubgraph } from '../../src/shared/compiler/index.js';
import { compileFloor, engineCatalog, makeGraph, type GraphVariant } from '../lib/graphs.js';
import { builtServices, startBenchMaster } from '../lib/master.js';
import { Peer } from '../lib/peer.js';
import { median, type Group, type Runner, type Sample } from '../lib/table.js';

const REPS = 5;
/** Deploys (ours) and runs (the floor) before the first round. */
const WARM = 10;
const seq = async (n: number, fn: () => Promise<number>): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
};

const OPS = 200;
const ENGINES = 10;
const enc = new TextEncoder();
const dec = new TextDecoder();

interface FloorCase {
  graph: unknown;
  subgraphs: Record<string, CompiledSubgraph>;
  /** instanceId -> changed state keys. */
  changed: [string, number][];
}

async function startFloor(url: string): Promise<{ run(c: FloorCase): Promise<void>; stop(): Promise<void> }> {
  // the ten responders are processes of their own, as the engines are (bench/peers/deploy-peer.ts)
  const peers = await Promise.all(Array.from({ length: ENGINES }, (_, k) => Peer.start('deploy-peer.ts', [url, String(k)], `deploy-floor-${k}`)));
  const conns: NatsConnection[] = [];
  // the same connection options as the master's (no Error built up front for each request)
  const conn = async (name: string) => {
    const nc = await connectNode(url, { name, noAsyncTraces: true });
    conns.push(nc);
    return nc;
  };
  const masterNc = await conn('floor-master');
  const masterKv = await new Kvm(masterNc).create('kv_bfloor_master');
  let rev = await masterKv.put('graph', enc.encode('{}'));
  let current: FloorCase | null = null;
  masterNc.subscribe('bench.floor.deploy', {
    callback: (_e, m) => {
      void (async () => {
        const c = current!;
        JSON.parse(dec.decode(m.data));
        compileFloor(c.graph, c.subgraphs);
        await Promise.all(c.changed.map(([id, states]) => masterNc.request(`bench.floor.${id}`, enc.encode(JSON.stringify({ subgraph: c.subgraphs[id], states })), { timeout: 10_000 })));
        rev = await masterKv.update('graph', enc.encode(JSON.stringify({ graph: c.graph, compiled: { subgraphs: c.subgraphs } })), rev);
        m.respond(enc.encode('{}'));
      })();
    },
  });
  await masterNc.flush();
  const client = await conn('floor-client');
  return {
    async run(c) {
      current = c;
      await client.request('bench.floor.deploy', enc.encode(JSON.stringify({ graph: c.graph })), { timeout: 60_000 });
    },
    async stop() {
      for (const nc of conns) await nc.close();
      await Promise.all(peers.map((p) => p.quit()));
    },
  };
}

const CASES = ['deploy-all', 'deploy-state', 'deploy-positions'] as const;

export const deployGroup: Group = {
  name: 'deploy',
  rows: [
    {
      name: 'deploy-all',
      figure: 'deployGraph, 200 operators over 10 running engines: all changed',
      floor: '10 trivial responder processes in parallel doing the same KV writes, then the CAS (+ compile floor)',
      unit: 'ms',
      target: { kind: 'ratio<=', value: 2.5 },
    },
    { name: 'deploy-state', figure: 'deployGraph, the same: one state value changed', floor: 'the same floor, one responder', unit: 'ms', target: { kind: 'ratio<=', value: 2 } },
    { name: 'deploy-positions', figure: 'deployGraph, the same: positions only', floor: 'the same floor, no responder', unit: 'ms', target: { kind: 'ratio<=', value: 1.5 } },
  ],
  async start(only): Promise<Runner> {
    const m = await startBenchMaster([await builtServices()]);
    const catalog = await engineCatalog();
    const floor = await startFloor(m.nats.natsUrl);
    let all = 0;
    let one = 0;
    let shift = 0;
    const deploy = async (v: GraphVariant) => {
      const t0 = performance.now();
      await m.call('deployGraph', { graph: makeGraph(OPS, ENGINES, v) });
      return performance.now() - t0;
    };
    // the engines start with the first deploy (not measured); then both paths are warmed alike (the
    // JIT of ten engines, the master and the floor): a cold engine's apply takes about twice as long
    await deploy({ all: ++all });
    for (let i = 0; i < WARM; i++) await deploy({ all: ++all });
    const floorCase = (name: (typeof CASES)[number], v: GraphVariant): FloorCase => {
      const graph = makeGraph(OPS, ENGINES, v);
      const { subgraphs } = compile(graph, catalog);
      const per = Math.floor(OPS / ENGINES / 2);
      const changed: [string, number][] = name === 'deploy-all' ? Object.keys(subgraphs).map((id) => [id, per]) : name === 'deploy-state' ? [['eng0', 1]] : [];
      return { graph, subgraphs, changed };
    };
    const timeFloor = async (c: FloorCase) => {
      const t0 = performance.now();
      await floor.run(c);
      return performance.now() - t0;
    };
    for (let i = 0; i < WARM; i++) await floor.run(floorCase('deploy-all', { all, one, shift }));
    return {
      async round() {
        const out: Record<string, Sample> = {};
        for (const name of CASES) {
          if (only && !only.has(name)) continue;
          const next = (): GraphVariant => (name === 'deploy-all' ? { all: ++all, one, shift } : name === 'deploy-state' ? { all, one: ++one, shift } : { all, one, shift: ++shift });
          const fc = floorCase(name, { all, one, shift });
          // each figure is the median of REPS (ours: REPS deploys, each a new change of its kind)
          const a = median(await seq(REPS, () => timeFloor(fc)));
          const ours = median(await seq(REPS, () => deploy(next())));
          const b = median(await seq(REPS, () => timeFloor(fc)));
          out[name] = { a, ours, b };
        }
        return out;
      },
      async stop() {
        await floor.stop();
        await m.stop();
      },
    };
  },
};
