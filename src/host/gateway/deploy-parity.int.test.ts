// deployGraph and stopGraph that succeed: the same graph deployed over HTTP on one fresh master
// and over NATS (as the editor) on another gives the same reply and the same running instances;
// stopGraph then stops them on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, NatsTransport } from '../../bus/index.js';
import { connectNode } from '../../bus/node.js';
import { requestEnvelope } from '../../shared/client.js';
import { NATS_USERS, subjects } from '../../shared/naming.js';
import { MASTER_VERB_INFO, type MasterVerb } from '../../shared/verbs.js';
import type { ReplyEnvelope, ServiceGraph } from '../../shared/types.js';
import { repoServicesDir, startMasterFixture, type MasterFixture } from '../../main/master/testing.js';
import { startGatewayBench, type GatewayBench } from './testing.js';

const CLIENT = 'ed-parity';
const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'parity',
  nodes: [
    { nodeId: 'psig', kind: 'service', serviceClass: 'f8.signal', state: { rateHz: 10 } },
    { nodeId: 'plog', kind: 'service', serviceClass: 'f8.logger' },
  ],
  edges: [{ kind: 'data', from: { nodeId: 'psig', port: 'value' }, to: { nodeId: 'plog', port: 'value' } }],
};

interface DeployReply {
  revision: number;
  plan: { instanceId: string; action: string }[];
  instances: { instanceId: string; status: string; graphRevision?: number | null }[];
}

describe('a deploy that succeeds, over HTTP and over NATS, on twin masters', () => {
  let overHttp: MasterFixture;
  let overNats: MasterFixture;
  let g: GatewayBench;
  let ed: NatsConnection;
  const nats = (verb: MasterVerb, payload: unknown): Promise<ReplyEnvelope> =>
    requestEnvelope(new NatsTransport(ed).send, subjects.masterVerb(verb), payload, { clientId: CLIENT, attempts: 3, msgId: randomUUID(), timeoutMs: MASTER_VERB_INFO[verb].timeoutMs });
  const http = (verb: MasterVerb, payload: unknown) => g.post(`/master/${verb}`, payload, { 'client-id': CLIENT, 'msg-id': randomUUID() });
  // the lease lasts 10 s from the last ping and a mutating verb does not refresh it: an editor pings
  // every few seconds, so ping on both right before each mutating call (a loaded machine takes longer)
  const hold = async () => {
    expect((await http('ping', { clientId: CLIENT })).status).toBe(200);
    expect((await nats('ping', { clientId: CLIENT })).status).toBe('ok');
  };

  beforeAll(async () => {
    [overHttp, overNats] = await Promise.all([startMasterFixture({ extraDirs: [repoServicesDir] }), startMasterFixture({ extraDirs: [repoServicesDir] })]);
    g = await startGatewayBench(overHttp);
    ed = await connectNode(overNats.nats.server.plainNatsUrl, { name: 'parity-editor', user: NATS_USERS.editor, pass: overNats.nats.server.secrets.editor });
  }, 120_000);
  afterAll(async () => {
    if (ed) await closeConnection(ed).catch(() => {});
    await g?.close();
    await Promise.all([overHttp?.stop(), overNats?.stop()]);
  });

  it('deployGraph: the same revision, plan and instance statuses; the same instances run on both', async () => {
    await hold();
    const h = await http('deployGraph', { graph });
    await hold();
    const n = await nats('deployGraph', { graph });
    expect([h.status, h.json.status, n.status], JSON.stringify([h.json, n.errorCode, n.errorMessage])).toEqual([200, 'ok', 'ok']);
    const hp = h.json.payload as DeployReply;
    const np = n.payload as DeployReply;
    expect(hp.revision).toBe(np.revision);
    expect(hp.plan).toEqual(np.plan);
    expect(hp.instances.map((i) => [i.instanceId, i.status, i.graphRevision])).toEqual(np.instances.map((i) => [i.instanceId, i.status, i.graphRevision]));
    for (const f of [overHttp, overNats]) expect(['psig', 'plog'].map((id) => f.master.registry.get(id)?.pid ?? 0).every((pid) => pid > 0)).toBe(true);
  });

  it('stopGraph: the same reply; nothing runs on either', async () => {
    await hold();
    const h = await http('stopGraph', {});
    await hold();
    const n = await nats('stopGraph', {});
    expect([h.status, h.json.status, n.status], JSON.stringify([h.json, n.errorCode, n.errorMessage])).toEqual([200, 'ok', 'ok']);
    expect(Object.keys(h.json.payload as object).sort()).toEqual(Object.keys(n.payload as object).sort());
    for (const f of [overHttp, overNats]) expect(['psig', 'plog'].map((id) => f.master.registry.get(id))).toEqual([undefined, undefined]);
  });
});
