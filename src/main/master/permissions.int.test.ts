// Least privilege per instance (issue 11): an instance's own NATS user, from the compiled graph,
// may do what its graph needs and nothing else. Each forbidden thing is tried, and refused by
// nats-server itself (a Permissions Violation), not by our code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectionOptions } from '../../bus/connection.js';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { buckets, instanceInbox, keys, subjects } from '../../shared/naming.js';
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

describe("an instance's NATS user", () => {
  let f: MasterFixture;
  let nc: NatsConnection;
  const violations: string[] = [];
  const CLIENT = 'ed-perm';

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
    await f.call('deployGraph', { graph: graph() }, { clientId: CLIENT, timeoutMs: 60_000 });
    // connect as the signal instance would (its URL from the master's authority, its inbox prefix)
    nc = await connect({ ...connectionOptions(f.nats.server.instanceUrl('sig'), { name: 'as-sig', inboxPrefix: instanceInbox('sig') }), reconnect: false });
    void (async () => {
      for await (const s of nc.status()) {
        const err = (s as { error?: Error }).error;
        if (err && /Permissions Violation/i.test(err.message)) violations.push(err.message);
      }
    })();
  }, 90_000);
  afterAll(async () => {
    await nc?.close();
    await f?.stop();
  });

  const refused = async (what: string, act: () => unknown, subject: string) => {
    const before = violations.length;
    await Promise.resolve()
      .then(act)
      .catch(() => {});
    await nc.flush();
    await eventually(() => violations.slice(before).some((v) => v.includes(subject)), `nats-server refuses: ${what} (${subject})`, 5_000);
  };

  it('may publish its own bus subject and use its own bucket', async () => {
    const stored = JSON.parse(dec.decode((await (await f.kvm.open(buckets.master)).get(keys.graph))!.value)) as { compiled: { subgraphs: Record<string, Subgraph> } };
    const own = stored.compiled.subgraphs.sig!.halfEdges.find((h) => h.direction === 'out')!.subject!;
    const before = violations.length;
    nc.publish(own, JSON.stringify({ value: 1, ts: Date.now() }));
    const kv = await new Kvm(nc).open(buckets.instance('sig'));
    expect((await kv.get(keys.statusSummary))?.length).toBeGreaterThan(0);
    await kv.put(keys.state('sig', 'probe'), '1');
    await nc.flush();
    expect(violations.slice(before)).toEqual([]);
  });

  it("cannot publish another instance's bus subject, call its verbs, use its bucket, or call the mutating master verbs", async () => {
    await refused('publish a bus subject it does not produce', () => nc.publish('f8.bus.someone-else', 'x'), 'f8.bus.someone-else');
    await refused("call another instance's verb", () => nc.request(subjects.instanceVerb('log', 'status'), '{}', { timeout: 500 }), 'f8.log.status');
    await refused("deploy a subgraph to another instance", () => nc.request(subjects.instanceVerb('log', 'deployOpGraph'), '{}', { timeout: 500 }), 'f8.log.deployOpGraph');
    for (const verb of ['deployGraph', 'startInstance', 'stopInstance'] as const) await refused(`call ${verb}`, () => nc.request(subjects.masterVerb(verb), '{}', { timeout: 500 }), `f8.master.${verb}`);
    const other = await new Kvm(nc).open(buckets.instance('log'));
    await refused("read another instance's bucket", () => other.get(keys.statusSummary), 'KV_kv_f8_log');
    await refused("write another instance's bucket", () => other.put(keys.state('log', 'prefix'), '"x"'), '$KV.kv_f8_log.');
    await refused("listen to another instance's verbs", () => nc.subscribe('f8.log.>'), 'f8.log.>');
    // the registry (where the runIds that unregister needs live) is not readable either
    const registry = await new Kvm(nc).open(buckets.instances);
    await refused('read the registry', () => registry.get('log'), 'KV_kv_f8_master_instances');
  });

  it('the services it runs are not disturbed: values flow from sig to both loggers', async () => {
    const count = async (id: string) => {
      const e = await (await f.kvm.open(buckets.instance(id))).get(keys.state(id, 'count'));
      return e && e.length ? (JSON.parse(dec.decode(e.value)) as { value: number }).value : 0;
    };
    await eventually(async () => (await count('log')) > 3 && (await count('log2')) > 3, 'both loggers count', 20_000);
  });
});
