// Least privilege per instance (issues 11 and 21): an instance's own NATS user is in its own
// account, whose imports come from the compiled graph: it may do what its graph needs and nothing
// else. Each forbidden thing is tried and reaches nobody (nats-server routes nothing there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectionOptions } from '../../bus/connection.js';
import { jetstream } from '@nats-io/jetstream';
import { call } from '../../shared/client.js';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { buckets, instanceInbox, keys, STORE_API_PREFIX, subjects } from '../../shared/naming.js';
import type { ServiceGraph, Subgraph } from '../../shared/types.js';

const dec = new TextDecoder();

function graph(): ServiceGraph {
  return {
    schemaVersion: 'f8studio-graph/1',
    graphId: 'perm',
    nodes: [
      { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', state: { rateHz: 20 } },
      { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger' },
      { nodeId: 'log2', kind: 'service', serviceClass: 'f8.logger' },
    ],
    edges: [
      { kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'log', port: 'value' } },
      { kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'log2', port: 'value' } },
    ],
  };
}

describe("an instance's NATS user (its own account)", () => {
  let f: MasterFixture;
  let nc: NatsConnection;
  let kvm: Kvm;
  const CLIENT = 'ed-perm';

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
    await f.call('deployGraph', { graph: graph() }, { clientId: CLIENT, timeoutMs: 60_000 });
    // connect as the signal instance would (its URL from the master's authority, its inbox prefix)
    nc = await connect({ ...connectionOptions(f.nats.server.instanceUrl('sig'), { name: 'as-sig', inboxPrefix: instanceInbox('sig') }), reconnect: false });
    kvm = new Kvm(jetstream(nc, { apiPrefix: STORE_API_PREFIX, checkAPI: false, timeout: 3_000 }));
  }, 90_000);
  afterAll(async () => {
    await nc?.close();
    await f?.stop();
  });

  /** `act` fails: nothing in the instance's account answers it. */
  const refused = async (what: string, act: () => unknown) => {
    const outcome = await Promise.resolve()
      .then(act)
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    expect(outcome, what).not.toBe('answered');
  };
  /** What the master's account heard on `subject` while `act` ran. */
  const heard = async (subject: string, act: () => unknown) => {
    const got: string[] = [];
    const sub = f.client.subscribe(subject, { callback: (_e, m) => void got.push(m.subject) });
    await f.client.flush();
    await act();
    await nc.flush();
    await new Promise((r) => setTimeout(r, 500));
    sub.unsubscribe();
    return got;
  };

  it('may publish its own bus subject and use its own bucket', async () => {
    const stored = JSON.parse(dec.decode((await (await f.kvm.open(buckets.master)).get(keys.graph))!.value)) as { compiled: { subgraphs: Record<string, Subgraph> } };
    const own = stored.compiled.subgraphs.sig!.halfEdges.find((h) => h.direction === 'out')!.subject!;
    expect(await heard(own, () => nc.publish(own, JSON.stringify({ value: 1, ts: Date.now() })))).toContain(own);
    const kv = await kvm.open(buckets.instance('sig'), { bindOnly: true } as never);
    expect((await kv.get(keys.statusSummary))?.length).toBeGreaterThan(0);
    await kv.put(keys.state('sig', 'probe'), '1');
  });

  it("cannot publish another instance's bus subject, call its verbs, use its bucket, or call the mutating master verbs", async () => {
    expect(await heard('f8.bus.someone-else', () => nc.publish('f8.bus.someone-else', 'x'))).toEqual([]);
    await refused("call another instance's verb", () => nc.request(subjects.instanceVerb('log', 'status'), '{}', { timeout: 3_000 }));
    await refused('deploy a subgraph to another instance', () => nc.request(subjects.instanceVerb('log', 'deployOpGraph'), '{}', { timeout: 3_000 }));
    for (const verb of ['deployGraph', 'startInstance', 'stopInstance'] as const) await refused(`call ${verb}`, () => nc.request(subjects.masterVerb(verb), '{}', { timeout: 3_000 }));
    for (const k of [kvm, new Kvm(nc)]) {
      const other = await k.open(buckets.instance('log'), { bindOnly: true } as never);
      await refused("read another instance's bucket", () => other.get(keys.statusSummary));
      await refused("write another instance's bucket", () => other.put(keys.state('log', 'prefix'), '"x"'));
      // the registry (where the runIds that unregister needs live) is not readable either
      const registry = await k.open(buckets.instances, { bindOnly: true } as never);
      await refused('read the registry', () => registry.get('log'));
    }
    // listening on another instance's verbs hears nothing of the master's calls to it
    const got: string[] = [];
    nc.subscribe('f8.log.>', { callback: (_e, m) => void got.push(m.subject) });
    await nc.flush();
    await call(f.transport, subjects.instanceVerb('log', 'status'), {}, { clientId: CLIENT, timeoutMs: 5_000 });
    expect(got).toEqual([]);
  });

  it('the services it runs are not disturbed: values flow from sig to both loggers', async () => {
    const count = async (id: string) => {
      const e = await (await f.kvm.open(buckets.instance(id))).get(keys.state(id, 'count'));
      return e && e.length ? (JSON.parse(dec.decode(e.value)) as { value: number }).value : 0;
    };
    await eventually(async () => (await count('log')) > 3 && (await count('log2')) > 3, 'both loggers count', 20_000);
  });
});
