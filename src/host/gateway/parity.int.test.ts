// The gateway is the same control plane: each read-only verb answers the same payload over HTTP
// as over NATS as the editor, and each mutating verb the same errorCode and the same effect (on
// twin targets of the demo: log1 over HTTP, log2 over NATS, ...), the lease and msgId dedup
// included. A live system moves (counters, timestamps), so those fields are left out of the
// comparison, and a value that changes between the two calls is asked again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { NatsTransport } from '../../bus/index.js';
import { requestEnvelope } from '../../shared/client.js';
import { subjects } from '../../shared/naming.js';
import { INSTANCE_VERB_INFO, MASTER_VERB_INFO, type InstanceVerb, type MasterVerb } from '../../shared/verbs.js';
import type { ReplyEnvelope } from '../../shared/types.js';
import { demoLike, HOLDER, startSecurityBench, type SecurityBench } from '../../security/fixture.js';
import { startGatewayBench, type GatewayBench, type HttpAnswer } from './testing.js';

type Target = { master: MasterVerb } | { instance: string; verb: InstanceVerb };

const VOLATILE = new Set([
  'ts',
  'lastSeenAt',
  'updatedAt',
  'expiresAt',
  'uptimeMs',
  'cpuPercent',
  'rssBytes',
  'heapUsedBytes',
  'ratePerS',
  'received',
  'delivered',
  'published',
  'superseded',
  'dropped',
  'queueDepth',
  'lastTs',
  'tick',
  'operators',
  'calls',
  'meanMs',
  'p95Ms',
]);

/** The payload without the fields a live system changes by itself. */
function steady(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(steady);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !VOLATILE.has(k))
      .map(([k, x]) => [k, steady(x)]),
  );
}

describe('the gateway and NATS answer alike (as the editor)', () => {
  let b: SecurityBench;
  let g: GatewayBench;
  let nats: (t: Target, payload: unknown, clientId: string, msgId?: string) => Promise<ReplyEnvelope>;
  // Both sides retry a timeout with the same msgId, as the contract's clients do (the master's
  // dedup makes the effect happen once): a loaded machine may be slower than a verb's timeout.
  const http = async (t: Target, payload: unknown, clientId: string, msgId: string = randomUUID()): Promise<HttpAnswer> => {
    for (let attempt = 1; ; attempt++) {
      const a = await g.post('master' in t ? `/master/${t.master}` : `/instances/${t.instance}/${t.verb}`, payload, { 'client-id': clientId, 'msg-id': msgId });
      if (a.status !== 504 || attempt === 3) return a;
    }
  };

  beforeAll(async () => {
    b = await startSecurityBench();
    g = await startGatewayBench(b.f);
    const ed = await b.as('editor');
    const send = new NatsTransport(ed.nc).send;
    nats = (t, payload, clientId, msgId) =>
      'master' in t
        ? requestEnvelope(send, subjects.masterVerb(t.master), payload, { clientId, attempts: 3, timeoutMs: MASTER_VERB_INFO[t.master].timeoutMs, ...(msgId ? { msgId } : {}) })
        : requestEnvelope(send, subjects.instanceVerb(t.instance, t.verb), payload, { clientId, attempts: 3, timeoutMs: INSTANCE_VERB_INFO[t.verb].timeoutMs, ...(msgId ? { msgId } : {}) });
  }, 180_000);
  afterAll(async () => {
    await g?.close();
    await b?.stop();
  });

  it('each read-only verb: the same payload', async () => {
    const revision = (await b.f.call<{ deploys: { revision: number }[] }>('history', {}, { clientId: HOLDER })).deploys[0]?.revision ?? 1;
    const cases: [Target, unknown][] = [
      [{ master: 'catalog' }, {}],
      [{ master: 'instances' }, {}],
      [{ master: 'logs' }, { instanceId: 'sig', lines: 20 }],
      [{ master: 'planGraph' }, { graph: demoLike() }],
      [{ master: 'history' }, { limit: 5 }],
      [{ master: 'graphAt' }, { revision }],
      [{ instance: 'sig', verb: 'status' }, {}],
      [{ instance: 'sig', verb: 'stateSnapshot' }, { nodeId: 'sig' }],
      [{ instance: 'log1', verb: 'stats' }, {}],
    ];
    for (const [t, payload] of cases) {
      let last: [unknown, unknown] = [null, null];
      for (let attempt = 0; attempt < 5; attempt++) {
        const h = await http(t, payload, 'viewer-h');
        const n = await nats(t, payload, 'viewer-n');
        expect(h.status, `${JSON.stringify(t)} ${h.text.slice(0, 300)}`).toBe(200);
        expect(n.status).toBe('ok');
        last = [steady(h.json.payload), steady(n.payload)];
        if (JSON.stringify(last[0]) === JSON.stringify(last[1])) break;
      }
      expect(last[0], JSON.stringify(t)).toEqual(last[1]);
    }
  });

  it('the lease: a second client gets conflict naming the holder, and without it a mutating verb is unauthorized', async () => {
    const h = await http({ master: 'ping' }, { clientId: 'other-h' }, 'other-h');
    const n = await nats({ master: 'ping' }, { clientId: 'other-n' }, 'other-n');
    expect([h.status, h.json.errorCode]).toEqual([409, 'conflict']);
    expect(n.errorCode).toBe('conflict');
    expect((h.json.payload as { holder: string }).holder).toBe(HOLDER);
    expect((n.payload as { holder: string }).holder).toBe(HOLDER);
    for (const [verb, payload] of [
      ['startInstance', { serviceClass: 'f8.logger' }],
      ['stopInstance', { instanceId: 'log1' }],
      ['stopGraph', {}],
    ] as const) {
      const hh = await http({ master: verb }, payload, 'other-h');
      const nn = await nats({ master: verb }, payload, 'other-n');
      expect([hh.status, hh.json.errorCode], verb).toEqual([401, 'unauthorized']);
      expect(nn.errorCode, verb).toBe('unauthorized');
    }
    expect(b.pidOf('log1')).toBeGreaterThan(0);
  });

  it('instance verbs with the lease: setState, deactivate and activate, cmd: same answers, same effect on twins', async () => {
    const pairs: [Target, Target, unknown, unknown][] = [
      [
        { instance: 'log1', verb: 'setState' },
        { instance: 'log2', verb: 'setState' },
        { nodeId: 'log1', field: 'prefix', value: 'twin>' },
        { nodeId: 'log2', field: 'prefix', value: 'twin>' },
      ],
      [
        { instance: 'log1', verb: 'setState' },
        { instance: 'log2', verb: 'setState' },
        { nodeId: 'log1', field: 'count', value: 1 },
        { nodeId: 'log2', field: 'count', value: 1 },
      ],
      [{ instance: 'log3', verb: 'deactivate' }, { instance: 'log4', verb: 'deactivate' }, {}, {}],
      [{ instance: 'log3', verb: 'activate' }, { instance: 'log4', verb: 'activate' }, {}, {}],
      [
        { instance: 'log1', verb: 'cmd' },
        { instance: 'log2', verb: 'cmd' },
        { command: 'clear', params: {} },
        { command: 'clear', params: {} },
      ],
      [
        { instance: 'log1', verb: 'cmd' },
        { instance: 'log2', verb: 'cmd' },
        { command: 'nosuch', params: {} },
        { command: 'nosuch', params: {} },
      ],
    ];
    for (const [th, tn, ph, pn] of pairs) {
      const h = await http(th, ph, HOLDER);
      const n = await nats(tn, pn, HOLDER);
      expect([h.json.status, h.json.errorCode], `${JSON.stringify(th)} ${JSON.stringify(ph)}`).toEqual([n.status, n.errorCode]);
      if (n.status === 'ok' && 'verb' in th && th.verb !== 'setState') expect(h.json.payload).toEqual(n.payload);
    }
    const prefix = async (id: string) =>
      ((await nats({ instance: id, verb: 'stateSnapshot' }, { nodeId: id }, 'viewer')).payload as { entries: Record<string, { value: unknown }> }).entries[`${id}.prefix`]?.value;
    expect(await prefix('log1')).toBe('twin>');
    expect(await prefix('log2')).toBe('twin>');
  });

  it('startInstance, restartInstance, stopInstance, registry.register and a stale deploy: same codes, same effect', async () => {
    const h = await http({ master: 'startInstance' }, { serviceClass: 'f8.logger', instanceId: 'twin-h' }, HOLDER);
    const n = await nats({ master: 'startInstance' }, { serviceClass: 'f8.logger', instanceId: 'twin-n' }, HOLDER);
    expect([h.status, h.json.status]).toEqual([200, 'ok']);
    expect(n.status).toBe('ok');
    expect(b.pidOf('twin-h')).toBeGreaterThan(0);
    expect(b.pidOf('twin-n')).toBeGreaterThan(0);
    // the same id again: the same error both ways
    const h2 = await http({ master: 'startInstance' }, { serviceClass: 'f8.logger', instanceId: 'twin-h' }, HOLDER);
    const n2 = await nats({ master: 'startInstance' }, { serviceClass: 'f8.logger', instanceId: 'twin-n' }, HOLDER);
    expect(h2.json.errorCode).toBe(n2.errorCode);
    expect(h2.status).not.toBe(200);
    // restart: a new process each, the same reply shape
    const pids = [b.pidOf('twin-h'), b.pidOf('twin-n')];
    const hr = await http({ master: 'restartInstance' }, { instanceId: 'twin-h' }, HOLDER);
    const nr = await nats({ master: 'restartInstance' }, { instanceId: 'twin-n' }, HOLDER);
    expect([hr.status, hr.json.status, nr.status]).toEqual([200, 'ok', 'ok']);
    expect(Object.keys(hr.json.payload as object).sort()).toEqual(Object.keys(nr.payload as object).sort());
    expect((hr.json.payload as { pid: number }).pid).not.toBe(pids[0]);
    expect((nr.payload as { pid: number }).pid).not.toBe(pids[1]);
    // registering is not the editor's: the same refusal both ways
    const hreg = await http({ master: 'registry.register' }, { serviceClass: 'f8.logger', instanceId: 'rogue-h', runId: 'r1', pid: 1 }, HOLDER);
    const nreg = await nats({ master: 'registry.register' }, { serviceClass: 'f8.logger', instanceId: 'rogue-n', runId: 'r1', pid: 1 }, HOLDER).catch((e: { code?: string }) => ({
      status: 'error',
      errorCode: e.code,
    }));
    expect(hreg.json.errorCode).toBe(nreg.errorCode);
    expect(hreg.status).not.toBe(200);
    expect(b.f.master.registry.get('rogue-h')).toBeUndefined();
    expect(b.f.master.registry.get('rogue-n')).toBeUndefined();
    const hs = await http({ master: 'stopInstance' }, { instanceId: 'twin-h' }, HOLDER);
    const ns = await nats({ master: 'stopInstance' }, { instanceId: 'twin-n' }, HOLDER);
    expect([hs.status, hs.json.status, ns.status]).toEqual([200, 'ok', 'ok']);
    expect(b.f.master.registry.get('twin-h')).toBeUndefined();
    expect(b.f.master.registry.get('twin-n')).toBeUndefined();
    // a deploy against an old revision: conflict with the current one, nothing deployed
    const before = (await b.f.call<{ deploys: unknown[] }>('history', {}, { clientId: HOLDER })).deploys.length;
    const hd = await http({ master: 'deployGraph' }, { graph: demoLike(), baseRevision: 0 }, HOLDER);
    const nd = await nats({ master: 'deployGraph' }, { graph: demoLike(), baseRevision: 0 }, HOLDER);
    expect([hd.status, hd.json.errorCode, nd.errorCode]).toEqual([409, 'conflict', 'conflict']);
    expect(hd.json.payload).toEqual(nd.payload);
    expect((await b.f.call<{ deploys: unknown[] }>('history', {}, { clientId: HOLDER })).deploys.length).toBe(before);
  }, 120_000);

  it('a repeated msgId over HTTP is answered once: the first reply byte for byte, one instance started', async () => {
    const count = () => b.f.master.registry.list().length;
    const before = count();
    const first = await http({ master: 'startInstance' }, { serviceClass: 'f8.logger' }, HOLDER, 'dedup-msg-1');
    const again = await http({ master: 'startInstance' }, { serviceClass: 'f8.logger' }, HOLDER, 'dedup-msg-1');
    expect(first.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(count()).toBe(before + 1);
    // the same over NATS
    const n1 = await nats({ master: 'startInstance' }, { serviceClass: 'f8.logger' }, HOLDER, 'dedup-msg-2');
    const n2 = await nats({ master: 'startInstance' }, { serviceClass: 'f8.logger' }, HOLDER, 'dedup-msg-2');
    expect(n2.payload).toEqual(n1.payload);
    expect(count()).toBe(before + 2);
    for (const id of [(first.json.payload as { instanceId: string }).instanceId, (n1.payload as { instanceId: string }).instanceId]) {
      expect((await http({ master: 'stopInstance' }, { instanceId: id }, HOLDER)).status).toBe(200);
    }
  }, 120_000);
  it('dedup is per caller over HTTP: one msgId from two client-ids is two requests, from one it is answered once', async () => {
    const msgId = 'dedup-per-caller';
    const ping = (clientId: string) => http({ master: 'ping' }, { clientId, takeover: true }, clientId, msgId);
    const holder = () => b.f.master.lease.current()?.holder;
    const a = await ping('tab-a');
    expect([a.status, (a.json.payload as { holder?: string }).holder, holder()]).toEqual([200, 'tab-a', 'tab-a']);
    // another client-id, the same msgId: its own request, run (it takes the lease over)
    const c = await ping('tab-b');
    expect([c.status, (c.json.payload as { holder?: string }).holder, holder()]).toEqual([200, 'tab-b', 'tab-b']);
    // tab-a again with its msgId: its first reply byte for byte, not run again (tab-b keeps the lease)
    const again = await ping('tab-a');
    expect(again.text).toBe(a.text);
    expect(holder()).toBe('tab-b');
    // the lease back to the bench's holder
    expect((await http({ master: 'ping' }, { clientId: HOLDER, takeover: true }, HOLDER)).status).toBe(200);
  });
});
