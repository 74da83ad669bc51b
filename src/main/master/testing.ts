// Test fixture for master integration tests: a real nats-server, a master with short
// intervals, a client connection and helpers to call verbs and write manifests.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import { startTestNats, type TestNats } from '../nats/testing.js';
import { closeConnection, NatsTransport } from '../../bus/index.js';
import { connectNode } from '../../bus/node.js';
import { Master, type MasterOptions } from './master.js';
import { call, requestEnvelope, type CallOptions, type Transport } from '../../shared/client.js';
import { F8Error } from '../../shared/errors.js';
import { subjects, type MasterVerb } from '../../shared/naming.js';
import { silentLogger } from '../../shared/ports.js';
import type { HalfEdge, ReplyEnvelope } from '../../shared/types.js';

/** The repo's own services/ folder. */
export const repoServicesDir = join(import.meta.dirname, '..', '..', '..', 'services');

export function manifest(serviceClass: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 'f8service/1',
    serviceClass,
    label: serviceClass,
    version: '1.0.0',
    launch: { command: '${node}', args: ['main.js'] },
    dataOutPorts: [{ name: 'value', valueSchema: { type: 'number' } }],
    stateFields: [{ name: 'rate', valueSchema: { type: 'number' }, access: 'rw', default: 1 }],
    ...extra,
  };
}

export async function writeManifest(dir: string, folder: string, content: unknown): Promise<string> {
  await mkdir(join(dir, folder), { recursive: true });
  const path = join(dir, folder, 'service.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The F8Error a call rejects with (fails the test when it resolves or throws something else). */
export async function rejection(p: Promise<unknown>): Promise<F8Error> {
  try {
    await p;
  } catch (err) {
    if (err instanceof F8Error) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Whether a process is alive (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls until `fn` returns a truthy value (generous deadline; never a speed assertion). */
export async function eventually<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 15_000, stepMs = 50): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export interface MasterFixture {
  nats: TestNats;
  master: Master;
  client: NatsConnection;
  kvm: Kvm;
  servicesDir: string;
  transport: Transport;
  call<P = unknown>(verb: MasterVerb | string, payload: unknown, opts?: Partial<CallOptions>): Promise<P>;
  reply<P = unknown>(verb: MasterVerb | string, payload: unknown, opts?: Partial<CallOptions>): Promise<ReplyEnvelope<P>>;
  restartMaster(extra?: Partial<MasterOptions>): Promise<Master>;
  /**
   * A connection as instance `producerId` (its own NATS account), granted the given half-edges
   * as the master would grant them: bus data reaches a consumer's account only from the producer
   * its half-edge names. Closed by stop().
   */
  connectAs(producerId: string, halfEdges: readonly HalfEdge[]): Promise<NatsConnection>;
  stop(): Promise<void>;
}

export async function startMasterFixture(opts: { extraDirs?: string[]; master?: Partial<MasterOptions>; setup?: (servicesDir: string) => Promise<void> } = {}): Promise<MasterFixture> {
  const nats = await startTestNats();
  const servicesDir = await mkdtemp(join(tmpdir(), 'f8-services-'));
  await opts.setup?.(servicesDir);
  const base: MasterOptions = {
    natsUrl: nats.natsUrl,
    serviceNatsUrl: nats.server.serviceNatsUrl,
    authority: nats.server,
    servicesDirs: [servicesDir, ...(opts.extraDirs ?? [])],
    log: silentLogger,
    healthPeriodMs: 100,
    catalogDebounceMs: 20,
    logDir: join(nats.dataDir, 'logs'),
    filesDir: join(nats.dataDir, 'recordings'),
    restartBackoffMs: 200,
    graceMs: 1000,
    ...opts.master,
  };
  let master = await Master.start(base);
  const client = await connectNode(nats.natsUrl, { name: 'f8-test-client' });
  const transport: Transport = new NatsTransport(client).send;
  const subjectOf = (v: string) => `${subjects.masterPrefix}${v}`;
  const extra: NatsConnection[] = [];
  const fixture: MasterFixture = {
    nats,
    get master() {
      return master;
    },
    client,
    kvm: new Kvm(client),
    servicesDir,
    transport,
    call: (v, payload, o) => call(transport, subjectOf(v), payload, { clientId: 'test-client', ...o }),
    reply: (v, payload, o) => requestEnvelope(transport, subjectOf(v), payload, { clientId: 'test-client', ...o }),
    async restartMaster(extra = {}) {
      await master.stop();
      master = await Master.start({ ...base, ...extra });
      return master;
    },
    async connectAs(producerId, halfEdges) {
      await master.grants.grant([{ instanceId: producerId, halfEdges }]);
      const nc = await connectNode(nats.server.instanceUrl(producerId), { name: `f8-test-${producerId}` });
      extra.push(nc);
      return nc;
    },
    async stop() {
      for (const nc of extra) await closeConnection(nc).catch(() => {});
      await closeConnection(client).catch(() => {});
      await master.stop({ stopInstances: true }).catch(() => {});
      await nats.stop();
      await rm(servicesDir, { recursive: true, force: true });
    },
  } as MasterFixture;
  return fixture;
}

/** A master with the repo's services, the example engine plugin and a long lease: what the editor bridge's tests run against. */
export function startEditorMasterFixture(): Promise<MasterFixture> {
  return startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000, operatorModules: join(repoServicesDir, 'engine/plugins/example-plugin.mjs') } });
}
