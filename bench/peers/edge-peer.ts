// One end of a data edge, in its own process (bench/rows/edge.ts drives it over stdin/stdout).
//   raw-pub / raw-sub   nats.js pub/sub of the same `{value, ts}` JSON, the receiver parsing it (the floor)
//   sdk-pub / sdk-sub   a ServiceHost producer / consumer (onData counts), wired by the bench
// (F8_BENCH_PROF=DIR: each peer writes its CPU profiles in DIR/<role>-<id>/, one file per thread:
// under tsx the main thread is the larger one.)
// Commands (one line each): `expect N` (sub: answer `done MS` once N arrived), `lat N` (sub:
// answer `p50 MS` of hrtime one-way delays over N), `burst N` (pub: N values as fast as it can,
// yielding every 1000), `rate N HZ` (pub: N hrtime stamps at HZ per second), `cpu` (answer `cpu US`: the
// process's CPU time so far, user + system), `quit`.
import { createInterface } from 'node:readline';
import { connect } from '@nats-io/transport-node';

const [role = '', url = '', subject = '', id = ''] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);
const hr = () => Number(process.hrtime.bigint()) / 1e6;
const enc = new TextEncoder();
const dec = new TextDecoder();

// the receiving side: counts, or collects one-way delays
let want = 0;
let got = 0;
let t0 = 0;
let lat: number[] | null = null;
const onValue = (value: unknown) => {
  if (lat) {
    lat.push(hr() - (value as number));
    if (lat.length === want) {
      const s = lat.sort((a, b) => a - b);
      lat = null;
      say(`p50 ${s[Math.floor(s.length / 2)]}`);
    }
    return;
  }
  if (++got === want) say(`done ${performance.now() - t0}`);
};

let publish: (value: unknown) => void = () => {};
let close: () => Promise<void> = async () => {};

if (role === 'raw-pub' || role === 'raw-sub') {
  const u = new URL(url);
  const nc = await connect({ servers: `${u.hostname}:${u.port}`, ...(u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}) });
  if (role === 'raw-sub') {
    nc.subscribe(subject, {
      callback: (_e, m) => {
        const p = JSON.parse(dec.decode(m.data)) as { value: unknown; ts: number };
        onValue(p.value);
      },
    });
    await nc.flush();
  }
  publish = (value) => nc.publish(subject, enc.encode(JSON.stringify({ value, ts: Date.now() })));
  close = () => nc.close();
} else {
  const { ServiceHost } = await import('../../src/sdk/host.js');
  const manifest = {
    schemaVersion: 'f8service/1',
    serviceClass: 'bench.probe',
    label: 'probe',
    version: '1.0.0',
    launch: { command: '${node}', args: ['main.js'] },
    dataInPorts: [{ name: 'in' }],
    dataOutPorts: [{ name: 'out' }],
    stateFields: [],
  };
  const host = await new ServiceHost(
    { manifest: manifest as never, ...(role === 'sdk-sub' ? { onData: (_c: unknown, _n: string, _p: string, v: unknown) => onValue(v) } : {}) },
    { env: { F8_NATS_URL: url, F8_SERVICE_ID: id }, exitProcess: false },
  ).start();
  publish = (value) => host.ctx.publish('out', value);
  close = () => host.shutdown();
}
say('ready');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [cmd, a = '0', b = '0'] = line.trim().split(/\s+/);
  const n = Number(a);
  if (cmd === 'expect') {
    want = n;
    got = 0;
    t0 = performance.now();
    say('ok');
  } else if (cmd === 'lat') {
    want = n;
    lat = [];
    say('ok');
  } else if (cmd === 'burst') {
    for (let i = 0; i < n; i++) {
      publish(i);
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
    }
    say('sent');
  } else if (cmd === 'rate') {
    const hz = Number(b);
    const start = hr();
    let sent = 0;
    while (sent < n) {
      const due = Math.min(n, Math.floor(((hr() - start) * hz) / 1000) + 1);
      while (sent < due) {
        publish(hr());
        sent++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    say('sent');
  } else if (cmd === 'cpu') {
    const c = process.cpuUsage();
    say(`cpu ${c.user + c.system}`);
  } else if (cmd === 'quit') {
    break;
  }
}
await close();
process.exit(0);
