// How long a service takes to start, per way of running it: f8.logger as TypeScript through tsx
// (bin/f8-service.mjs src/main.ts), f8.logger as the bundle an installed app runs (out/services,
// `${node} main.mjs`), and a floor: a bare Node process that only connects to the same server
// with @nats-io/transport-node. Rounds are interleaved so a busy moment hits every path alike.
// Prints median [min..max] in ms and ratios to the floor (noisy on 2 cores: read the ratios);
// then the idle RSS of each process.
//   startInstance call   the master verb, as an editor sees it (seed state, grant, spawn, wait for register)
//   spawn -> registered  the launcher's spawn until the register request arrives on the bus
//   (floor)              spawn until the process says it is connected
// Usage: npx tsx bench/launch.ts [rounds=3]
import { readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServices } from '../scripts/build-services.js';
import { startTestNats } from '../src/main/nats/testing.js';
import { Master } from '../src/main/master/master.js';
import { closeConnection, NatsTransport } from '../src/bus/index.js';
import { connectNode } from '../src/bus/node.js';
import { call } from '../src/shared/client.js';
import { subjects } from '../src/shared/naming.js';
import { silentLogger } from '../src/shared/ports.js';
import { Floors, rssMiB } from './lib/floor.js';

const rounds = Number(process.argv[2] ?? 3);
const root = resolve(import.meta.dirname, '..');
const load = loadavg()[0] ?? 0;
const CLIENT = 'bench-launch';
const TS_CLASS = 'f8.logger';
const BUNDLED_CLASS = 'f8.logger.bundled'; // the same bundle under another name, so one master offers both

const tmp = await mkdtemp(join(tmpdir(), 'f8-bench-launch-'));
const build = await buildServices({ root, outDir: join(tmp, 'out') });
if (!build.built.some((b) => b.name === 'logger')) throw new Error('the logger was not built');
const bundledDir = join(tmp, 'installed', 'logger');
await cp(join(build.outDir, 'logger'), bundledDir, { recursive: true });
const manifestPath = join(bundledDir, 'service.json');
writeFileSync(manifestPath, JSON.stringify({ ...(JSON.parse(readFileSync(manifestPath, 'utf8')) as object), serviceClass: BUNDLED_CLASS }));

const nats = await startTestNats();
const master = await Master.start({
  natsUrl: nats.natsUrl,
  serviceNatsUrl: nats.server.serviceNatsUrl,
  authority: nats.server,
  servicesDirs: [join(root, 'services'), join(tmp, 'installed')],
  log: silentLogger,
  logDir: join(tmp, 'logs'),
  filesDir: join(tmp, 'files'),
  watch: false,
  leaseTtlMs: 600_000, // the bench holds the lease throughout without heartbeats
});
const nc = await connectNode(nats.natsUrl, { name: 'bench-launch' });
const transport = new NatsTransport(nc).send;
const master$ = <P>(verb: string, payload: unknown) => call<P>(transport, `${subjects.masterPrefix}${verb}`, payload, { clientId: CLIENT, timeoutMs: 60_000 });
await master$('ping', { clientId: CLIENT });

// When each instance's register request reached the bus (a plain subscription beside the master's).
const registeredAt = new Map<string, number>();
const sub = nc.subscribe(`${subjects.masterPrefix}registry.register`, {
  callback: (_err, msg) => {
    try {
      const id = (JSON.parse(new TextDecoder().decode(msg.data)) as { payload?: { instanceId?: string } }).payload?.instanceId;
      if (id && !registeredAt.has(id)) registeredAt.set(id, Date.now());
    } catch {
      /* not ours to judge */
    }
  },
});

async function startService(serviceClass: string, instanceId: string): Promise<{ call: number; spawnToRegistered: number; pid: number }> {
  const t0 = performance.now();
  const r = await master$<{ pid: number }>('startInstance', { serviceClass, instanceId });
  const callMs = performance.now() - t0;
  const startedAt = master.launcher.info(instanceId)?.startedAt;
  const reg = registeredAt.get(instanceId);
  if (startedAt === undefined || reg === undefined) throw new Error(`${instanceId}: no spawn or register time`);
  return { call: callMs, spawnToRegistered: reg - startedAt, pid: r.pid };
}

const stopService = (instanceId: string) => master$('stopInstance', { instanceId });

const floors = new Floors(nats.server.serviceNatsUrl, root);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, min: s[0] ?? NaN, max: s.at(-1) ?? NaN };
};
const fmt = (xs: number[]) => {
  const { median, min, max } = stats(xs);
  return `${median.toFixed(0)} [${min.toFixed(0)}..${max.toFixed(0)}]`;
};

try {
  const ts = { call: [] as number[], reg: [] as number[] };
  const bundled = { call: [] as number[], reg: [] as number[] };
  const floor: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = await startService(TS_CLASS, `bench-ts-${i}`);
    ts.call.push(a.call);
    ts.reg.push(a.spawnToRegistered);
    await stopService(`bench-ts-${i}`);
    const b = await startService(BUNDLED_CLASS, `bench-bundled-${i}`);
    bundled.call.push(b.call);
    bundled.reg.push(b.spawnToRegistered);
    await stopService(`bench-bundled-${i}`);
    const f = await floors.start();
    floor.push(f.ms);
    await floors.stop(f.child);
  }

  // idle memory: one of each, left alone for a while
  const idleTs = await startService(TS_CLASS, 'bench-ts-idle');
  const idleBundled = await startService(BUNDLED_CLASS, 'bench-bundled-idle');
  const idleFloor = await floors.start();
  await new Promise((r) => setTimeout(r, 3_000));
  const rss = { ts: rssMiB(idleTs.pid), bundled: rssMiB(idleBundled.pid), floor: rssMiB(idleFloor.child.pid!) };
  await stopService('bench-ts-idle');
  await stopService('bench-bundled-idle');
  await floors.stop(idleFloor.child);

  const floorMedian = stats(floor).median;
  const ratio = (xs: number[]) => `${(stats(xs).median / floorMedian).toFixed(2)}x`;
  const row = (cols: string[]) =>
    console.log(
      cols
        .map((c, i) => (i < cols.length - 1 ? c.padEnd(i === 0 ? 22 : 24) : c))
        .join('')
        .trimEnd(),
    );
  console.log(`f8.logger start-up, ${rounds} interleaved rounds; 1-min load average at start ${load.toFixed(2)} (2 cores: ratios matter, not ms)`);
  row(['path', 'startInstance call ms', 'spawn->registered ms', 'ratio to floor (call / spawn->reg)']);
  row(['tsx (TypeScript)', fmt(ts.call), fmt(ts.reg), `${ratio(ts.call)} / ${ratio(ts.reg)}`]);
  row(['bundle (main.mjs)', fmt(bundled.call), fmt(bundled.reg), `${ratio(bundled.call)} / ${ratio(bundled.reg)}`]);
  row(['floor (connect only)', '-', fmt(floor), '1.00x (spawn -> connected)']);
  console.log(`idle RSS: tsx ${rss.ts.toFixed(0)} MiB, bundle ${rss.bundled.toFixed(0)} MiB, floor ${rss.floor.toFixed(0)} MiB (bundle / floor ${(rss.bundled / rss.floor).toFixed(2)}x)`);
} finally {
  sub.unsubscribe();
  await floors.stopAll();
  await master.stop({ stopInstances: true });
  await closeConnection(nc).catch(() => {});
  await nats.stop();
  await rm(tmp, { recursive: true, force: true });
}
