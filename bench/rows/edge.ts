// Data edges between two processes: throughput to onData (queue and latest) and the one-way p50
// at 2k msg/s, against raw nats.js pub/sub of the same JSON with the receiver parsing it.
import { instanceClient } from '../../src/bus/index.js';
import { manifest, startMasterFixture, writeManifest, type MasterFixture } from '../../src/main/master/testing.js';
import { dataEdge, makeSubgraph } from '../../src/sdk/testing.js';
import { Peer } from '../lib/peer.js';
import type { Group, Runner, Sample } from '../lib/table.js';

const N = Number(process.env.F8_BENCH_EDGE_N ?? 60_000);
const LAT_N = 3_000;
const LAT_HZ = 2_000;

interface Pair {
  pub: Peer;
  sub: Peer;
}

/** msg/s from the publisher's first message until the receiver has all N (the better of two bursts: noise only slows). */
async function throughput(p: Pair): Promise<number> {
  let best = 0;
  for (let k = 0; k < 2; k++) {
    await p.sub.send(`expect ${N}`);
    const done = p.sub.next();
    const t0 = performance.now();
    await p.pub.send(`burst ${N}`);
    await done;
    best = Math.max(best, N / ((performance.now() - t0) / 1000));
  }
  return best;
}

async function p50(p: Pair): Promise<number> {
  await p.sub.send(`lat ${LAT_N}`);
  const done = p.sub.next();
  await p.pub.send(`rate ${LAT_N} ${LAT_HZ}`);
  const line = await done;
  return Number(line.split(' ')[1]);
}

async function sdkPair(f: MasterFixture, strategy: 'queue' | 'latest'): Promise<Pair> {
  const pid = `edge-${strategy}-p`;
  const cid = `edge-${strategy}-c`;
  const [pub, sub] = await Promise.all([
    Peer.start('edge-peer.ts', ['sdk-pub', f.nats.natsUrl, '', pid], `sdk-pub-${pid}`),
    Peer.start('edge-peer.ts', ['sdk-sub', f.nats.natsUrl, '', cid], `sdk-sub-${cid}`),
  ]);
  const e = dataEdge(pid, 'out', cid, 'in', { strategy, queueSize: 64 });
  const inst = (id: string) => instanceClient(f.client, id, 'bench');
  await inst(pid).call('deployOpGraph', { subgraph: makeSubgraph(pid, 'bench.probe', 1, [e.out]), expectedDeployRevision: null });
  await inst(cid).call('deployOpGraph', { subgraph: makeSubgraph(cid, 'bench.probe', 1, [e.in]), expectedDeployRevision: null });
  await inst(cid).call('activate', {});
  await inst(pid).call('activate', {});
  return { pub, sub };
}

export const edgeGroup: Group = {
  name: 'edge',
  rows: [
    {
      name: 'edge-queue',
      figure: 'data edge throughput to onData, `queue`',
      floor: 'raw nats.js pub/sub of the same JSON, two processes, receiver parses',
      unit: 'msg/s',
      target: { kind: 'ratio>=', value: 0.9 },
      higherIsBetter: true,
    },
    { name: 'edge-latest', figure: 'data edge throughput to onData, `latest`', floor: 'the same raw pub/sub', unit: 'msg/s', target: { kind: 'ratio>=', value: 0.95 }, higherIsBetter: true },
    { name: 'edge-p50', figure: 'edge one-way p50 at 2k msg/s (hrtime stamped)', floor: 'the same raw pub/sub', unit: 'ms', target: { kind: 'ratio<=', value: 1.15 } },
  ],
  async start(only): Promise<Runner> {
    const probe = manifest('bench.probe', { dataInPorts: [{ name: 'in' }], dataOutPorts: [{ name: 'out' }], stateFields: [] });
    const f = await startMasterFixture({ master: { leaseTtlMs: 3_600_000 }, setup: (d) => writeManifest(d, 'probe', probe).then(() => {}) });
    await f.call('ping', { clientId: 'bench' }, { clientId: 'bench' }); // the lease: instances take activate from its holder
    const want = (n: string) => !only || only.has(n);
    const pairs: Pair[] = [];
    const raw: Pair = {
      pub: await Peer.start('edge-peer.ts', ['raw-pub', f.nats.natsUrl, 'bench.raw'], 'raw-pub'),
      sub: await Peer.start('edge-peer.ts', ['raw-sub', f.nats.natsUrl, 'bench.raw'], 'raw-sub'),
    };
    pairs.push(raw);
    const queue = want('edge-queue') ? await sdkPair(f, 'queue') : null;
    const latest = want('edge-latest') || want('edge-p50') ? await sdkPair(f, 'latest') : null;
    for (const p of [queue, latest]) if (p) pairs.push(p);
    // warm-up: the JIT of every path
    for (const p of pairs) await throughput(p);
    return {
      async round(i) {
        const out: Record<string, Sample> = {};
        if (queue || want('edge-latest')) {
          const a = await throughput(raw);
          const q = queue ? (i % 2 ? await throughput(queue) : 0) : 0;
          const l = latest && want('edge-latest') ? await throughput(latest) : 0;
          const q2 = queue && !(i % 2) ? await throughput(queue) : q;
          const b = await throughput(raw);
          if (queue) out['edge-queue'] = { a, ours: q2, b };
          if (latest && want('edge-latest')) out['edge-latest'] = { a, ours: l, b };
        }
        if (latest && want('edge-p50')) {
          const a = await p50(raw);
          const ours = await p50(latest);
          const b = await p50(raw);
          out['edge-p50'] = { a, ours, b };
        }
        return out;
      },
      async stop() {
        for (const p of pairs) await Promise.all([p.pub.quit(), p.sub.quit()]);
        await f.stop();
      },
    };
  },
};
