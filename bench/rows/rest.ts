// The master at rest with 10 idle instances: its CPU (a process of its own, bench/peers/rest-master.ts,
// so nothing else the bench does is counted) and its KV writes over a window, against a process that
// sends the same health pings and writes nothing, measured over the same window (two of them: A and
// B, for the noise band).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection } from '../../src/bus/index.js';
import { connectNode } from '../../src/bus/node.js';
import { builtServices, ROOT } from '../lib/master.js';
import { Peer } from '../lib/peer.js';
import { LAST_SEEN_WRITE_MS } from '../../src/main/master/registry/registry.js';
import type { Group, Runner } from '../lib/table.js';

const INSTANCES = 10;
// a multiple of the registry's lastSeenAt period (LAST_SEEN_WRITE_MS): each window sees each record's write once
const WINDOW_MS = Number(process.env.F8_BENCH_REST_MS ?? LAST_SEEN_WRITE_MS);
const PERIOD_MS = 2_000; // the master's default health period
const SETTLE_MS = Number(process.env.F8_BENCH_REST_SETTLE_MS ?? 40_000);

const PINGER = `
import { connect } from '@nats-io/transport-node';
const u = new URL(process.env.BENCH_URL);
const nc = await connect({ servers: u.hostname + ':' + u.port, user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) });
const ids = process.env.BENCH_IDS.split(',');
const round = () => Promise.all(ids.map((id) => nc.request('$SRV.PING.' + id, new Uint8Array(0), { timeout: 1000 }).catch(() => null)));
const loop = () => setTimeout(() => void round().then(loop), ${PERIOD_MS});
loop();
process.stdout.write('ready\\n');
process.on('SIGTERM', () => nc.close().then(() => process.exit(0)));
`;

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const restGroup: Group = {
  name: 'rest',
  rows: [
    {
      name: 'rest-cpu',
      figure: 'master at rest, 10 idle instances: CPU',
      floor: 'the same health pings from a bare process, nothing written',
      unit: 'CPU-s/min',
      target: { kind: 'delta<=', value: 0.3 },
    },
    // nothing changes, so nothing is written but each record's lastSeenAt, at most every 30 s (registry LAST_SEEN_WRITE_MS)
    {
      name: 'rest-writes',
      figure: 'master at rest, 10 idle instances: KV writes (only lastSeenAt, <= 2/min each)',
      floor: 'none',
      unit: 'writes/min',
      target: { kind: 'abs<=', value: INSTANCES * (60_000 / LAST_SEEN_WRITE_MS) },
    },
  ],
  async start(): Promise<Runner> {
    const master = await Peer.start('rest-master.ts', [await builtServices(), String(INSTANCES)], 'rest-master');
    const url = await master.send('url');
    const nc: NatsConnection = await connectNode(url, { name: 'bench-rest', noAsyncTraces: true });
    const ids = Array.from({ length: INSTANCES }, (_, i) => `rest${i}`);
    const jsm = await jetstreamManager(nc);
    const seqs = async () => {
      let n = 0;
      for (const s of ['KV_kv_f8_master_instances', 'KV_kv_f8_master']) n += (await jsm.streams.info(s)).state.last_seq;
      return n;
    };
    const pingers: ChildProcess[] = [];
    const pinger = async () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', PINGER], {
        cwd: ROOT,
        env: { ...process.env, BENCH_URL: url, BENCH_IDS: ids.join(',') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      pingers.push(child);
      await new Promise<void>((ok, fail) => {
        child.once('exit', (code) => fail(new Error(`pinger exited with ${code}`)));
        child.stdout!.once('data', () => ok());
      });
      return child;
    };
    const [pa, pb] = [await pinger(), await pinger()];
    // at rest: the first half minute after ten starts is not (V8's memory reducer compacts the heap
    // the start-up grew, about 0.6 CPU-s/min more over 20-40 s after the start; each record's first
    // lastSeenAt is written at 30 s); the rounds begin once it has passed
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return {
      async round() {
        const c0 = { ours: cpuSeconds(master.child.pid!), a: cpuSeconds(pa.pid!), b: cpuSeconds(pb.pid!) };
        const s0 = await seqs();
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, WINDOW_MS));
        const min = (performance.now() - t0) / 60_000;
        const writes = (await seqs()) - s0;
        const per = (x: number) => x / min;
        return {
          'rest-cpu': { a: per(cpuSeconds(pa.pid!) - c0.a), ours: per(cpuSeconds(master.child.pid!) - c0.ours), b: per(cpuSeconds(pb.pid!) - c0.b) },
          'rest-writes': { a: 0, ours: per(writes), b: 0 },
        };
      },
      async stop() {
        for (const c of pingers) c.kill('SIGTERM');
        await closeConnection(nc).catch(() => {});
        await master.quit(60_000);
      },
    };
  },
};
