// Issue 20: many large manifests (each under the 256 KiB cap) add up to a catalog over a default
// nats-server's max_payload (1 MiB). Before, the `catalog` verb answered `internal` (the reply
// did not fit) while deploys worked. Now an unpaged request gets a clear `invalid` that says how
// to page, and pages (offset/limit -> next) carry the whole catalog. A real master on a real
// nats-server with default limits (no config: as an external F8_NATS_URL server would be).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, NatsTransport } from '../../../bus/index.js';
import { connectNode } from '../../../bus/node.js';
import { call } from '../../../shared/client.js';
import { silentLogger } from '../../../shared/ports.js';
import type { CatalogReply } from '../../../shared/types.js';
import type { PlanGraphReply } from '../../../shared/verbs.js';
import { findNatsServer } from '../../nats/find-binary.js';
import { Master } from '../master.js';
import { eventually, manifest, rejection, writeManifest } from '../testing.js';
import { freePort } from '../../util/process.js';

const BIG = 200 * 1024; // each manifest under MAX_MANIFEST_BYTES (256 KiB)
const COUNT = 8; // 8 x 200 KiB: 1.6 MB, over the default 1 MiB max_payload

describe('catalog over max_payload', () => {
  let dir: string;
  let server: ChildProcess;
  let master: Master;
  let nc: NatsConnection;
  const ask = <T>(payload: unknown) => call<T>(new NatsTransport(nc).send, 'f8.master.catalog', payload, { clientId: 'page-test', timeoutMs: 10_000 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'f8-catalog-page-'));
    const port = await freePort();
    server = spawn(findNatsServer(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'js')], { stdio: 'ignore' });
    const url = `nats://127.0.0.1:${port}`;
    nc = await eventually(() => connectNode(url, { name: 'page-test', maxReconnectAttempts: 0 }), 'nats-server up', 20_000, 100);
    const services = join(dir, 'services');
    await writeManifest(services, 'small', manifest('test.small'));
    for (let i = 0; i < COUNT; i++) await writeManifest(services, `big${i}`, manifest(`test.big${i}`, { 'x-blob': 'x'.repeat(BIG) }));
    master = await Master.start({ natsUrl: url, servicesDirs: [services], log: silentLogger, watch: false, logDir: join(dir, 'logs'), filesDir: join(dir, 'files') });
  }, 60_000);

  afterAll(async () => {
    await closeConnection(nc).catch(() => {});
    await master?.stop().catch(() => {});
    server?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('the server has the default max_payload and the catalog is bigger', () => {
    expect(nc.info?.max_payload).toBe(1024 * 1024);
    expect(JSON.stringify(master.catalog.entries()).length).toBeGreaterThan(1024 * 1024);
  });

  it('an unpaged catalog is refused invalid (not internal), naming its size and how to page', async () => {
    const err = await rejection(ask({}));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/the catalog \(9 services, \d+ bytes\) is over the \d+ bytes one reply can carry/);
    expect(err.message).toMatch(/"offset": 0, "limit": \d+/);
  });

  it('pages carry the whole catalog, each within max_payload', async () => {
    const got: string[] = [];
    let offset: number | undefined = 0;
    let pages = 0;
    while (offset !== undefined && pages < 20) {
      const r: CatalogReply = await ask<CatalogReply>({ offset, limit: 100 });
      expect(r.total).toBe(COUNT + 1);
      got.push(...r.services.map((s) => s.serviceClass));
      offset = r.next;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(got).toEqual(master.catalog.entries().map((e) => e.serviceClass));
    // a small limit: exactly that many
    const two = await ask<CatalogReply>({ limit: 2 });
    expect(two.services.map((s) => s.serviceClass)).toEqual(got.slice(0, 2));
    expect(two.next).toBe(2);
  });

  it('a bad page request is invalid; the other verbs (a plan against the big manifests) still work', async () => {
    expect((await rejection(ask({ limit: 0 }))).code).toBe('invalid');
    expect((await rejection(ask({ offset: -1 }))).code).toBe('invalid');
    const graph = { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'b', kind: 'service', serviceClass: 'test.big3' }], edges: [] };
    const plan = await call<PlanGraphReply>(new NatsTransport(nc).send, 'f8.master.planGraph', { graph }, { clientId: 'page-test', timeoutMs: 10_000 });
    expect(plan.valid).toBe(true);
  });
});
