// The HTTP gateway (issue 26) acts as the editor and has its rights, no more: with a valid token
// and any client-id it claims (`master` included), it cannot deploy a subgraph to an instance,
// terminate one, or unregister one: the editor's NATS account does not reach those verbs (no
// responders, 503; before accounts, a permissions violation, 401), and every instance keeps
// running what it ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_CLIENT_ID } from '../shared/naming.js';
import { processAlive } from '../main/master/testing.js';
import { startGatewayBench, type GatewayBench } from '../host/gateway/testing.js';
import { HOLDER, settle, startSecurityBench, VICTIMS, type SecurityBench } from './fixture.js';

describe('the HTTP gateway', () => {
  let b: SecurityBench;
  let g: GatewayBench;
  beforeAll(async () => {
    b = await startSecurityBench();
    g = await startGatewayBench(b.f);
  }, 180_000);
  afterAll(async () => {
    await g?.close();
    await b?.stop();
  });

  const status = async (id: string) => (await g.post(`/instances/${id}/status`, {}, { 'client-id': 'viewer' })).json.payload as { status: string; graphRevision?: number | null };

  it('cannot deployOpGraph: the instance keeps its graph and revision', async () => {
    const victim = VICTIMS[0];
    const before = await status(victim);
    const pid = b.pidOf(victim);
    const subgraph = { schemaVersion: 'f8studio-subgraph/1', instanceId: victim, serviceClass: 'f8.logger', deployRevision: 999, etag: '0'.repeat(64), nodes: [], edges: [], halfEdges: [], state: {} };
    for (const clientId of [HOLDER, MASTER_CLIENT_ID, 'anyone']) {
      const a = await g.post(`/instances/${victim}/deployOpGraph`, { subgraph, expectedDeployRevision: before.graphRevision ?? null }, { 'client-id': clientId });
      expect(a.status, a.text).not.toBe(200);
      expect(a.json.status).toBe('error');
      expect(['unauthorized', 'unavailable', 'timeout']).toContain(a.json.errorCode);
    }
    await settle();
    const after = await status(victim);
    expect(after.graphRevision).toBe(before.graphRevision);
    expect(after.status).toBe(before.status);
    expect(b.pidOf(victim)).toBe(pid);
  });

  it('cannot terminate an instance, nor unregister it', async () => {
    const victim = VICTIMS[1];
    const pid = b.pidOf(victim);
    for (const clientId of [HOLDER, MASTER_CLIENT_ID]) {
      const a = await g.post(`/instances/${victim}/terminate`, { graceMs: 0 }, { 'client-id': clientId });
      expect(a.status, a.text).not.toBe(200);
      expect(a.json.status).toBe('error');
    }
    const u = await g.post('/master/registry.unregister', { instanceId: victim, runId: 'guess' }, { 'client-id': MASTER_CLIENT_ID });
    expect(u.status).not.toBe(200);
    await settle();
    expect(processAlive(pid)).toBe(true);
    expect(await b.stillServes(victim)).toBe(true);
    expect(b.f.master.registry.get(victim)?.pid).toBe(pid);
  });
});
