// A real nats-server and an in-process master for the bench (default health period, lease held by
// the bench client), and the one build of the services' bundles that every row shares.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServices } from '../../scripts/build-services.js';
import { startTestNats, type TestNats } from '../../src/main/nats/testing.js';
import { Master, type MasterOptions } from '../../src/main/master/master.js';
import { closeConnection, NatsTransport } from '../../src/bus/index.js';
import { connectNode } from '../../src/bus/node.js';
import { call } from '../../src/shared/client.js';
import { subjects } from '../../src/shared/naming.js';
import { silentLogger } from '../../src/shared/ports.js';
import type { NatsConnection } from '@nats-io/nats-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLIENT = 'bench';

let build: Promise<string> | null = null;
const cleanups: (() => Promise<void>)[] = [];

/** The services' bundles (scripts/build-services.ts), built once per bench run. */
export function builtServices(): Promise<string> {
  build ??= (async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'f8-bench-build-'));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    const r = await buildServices({ root: ROOT, outDir: join(tmp, 'services') });
    if (process.env.F8_BENCH_PROF) await profileServices(r.outDir, process.env.F8_BENCH_PROF);
    return r.outDir;
  })();
  return build;
}

/** F8_BENCH_PROF=DIR: every built service runs with --cpu-prof, its profiles in DIR/<service>/ (written when it exits). */
async function profileServices(outDir: string, profDir: string): Promise<void> {
  for (const name of await readdir(outDir)) {
    const file = join(outDir, name, 'service.json');
    const manifest = JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as { launch?: { args?: string[] } } | null;
    if (!manifest?.launch) continue;
    manifest.launch.args = ['--cpu-prof', `--cpu-prof-dir=${join(profDir, name)}`, ...(manifest.launch.args ?? [])];
    await writeFile(file, JSON.stringify(manifest, null, 2));
  }
}

export async function cleanupBuild(): Promise<void> {
  for (const c of cleanups.splice(0)) await c();
}

export interface BenchMaster {
  nats: TestNats;
  master: Master;
  nc: NatsConnection;
  dir: string;
  call<P = unknown>(verb: string, payload: unknown, timeoutMs?: number): Promise<P>;
  stop(): Promise<void>;
}

export async function startBenchMaster(servicesDirs: string[], extra: Partial<MasterOptions> = {}): Promise<BenchMaster> {
  const nats = await startTestNats();
  const dir = await mkdtemp(join(tmpdir(), 'f8-bench-master-'));
  const master = await Master.start({
    natsUrl: nats.natsUrl,
    serviceNatsUrl: nats.server.serviceNatsUrl,
    authority: nats.server,
    servicesDirs,
    log: silentLogger,
    logDir: join(dir, 'logs'),
    filesDir: join(dir, 'files'),
    watch: false,
    leaseTtlMs: 3_600_000, // the bench holds the lease throughout without heartbeats
    ...extra,
  });
  const nc = await connectNode(nats.natsUrl, { name: 'bench-client' });
  const transport = new NatsTransport(nc).send;
  const m: BenchMaster = {
    nats,
    master,
    nc,
    dir,
    call: <P>(verb: string, payload: unknown, timeoutMs = 120_000) => call<P>(transport, `${subjects.masterPrefix}${verb}`, payload, { clientId: CLIENT, timeoutMs }),
    async stop() {
      await master.stop({ stopInstances: true }).catch(() => {});
      await closeConnection(nc).catch(() => {});
      await nats.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await m.call('ping', { clientId: CLIENT });
  return m;
}
