// f8 validate / deploy / run as a user runs them (real processes, real servers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { manifest, repoServicesDir, startMasterFixture, writeManifest, type MasterFixture } from '../main/master/testing.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/f8.mjs');
const demo = join(root, 'examples/demo.json');

function f8(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, F8_NATS_URL: '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => ok({ code, out, err }));
  });
}

describe('f8 validate / run / deploy', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'f8-cli-graph-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('validate: the demo is valid; a broken one prints diagnostics with ids and exits 2', async () => {
    const ok = await f8(['validate', demo]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('valid');
    const g = JSON.parse(await readFile(demo, 'utf8')) as { edges: { from: { port: string } }[] };
    g.edges[0]!.from.port = 'nonexistent';
    const bad = join(tmp, 'bad.json');
    await writeFile(bad, JSON.stringify(g));
    const r = await f8(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error missing-port .*node signal.*nonexistent/);
    await writeFile(join(tmp, 'notjson.json'), '{ nope');
    const nj = await f8(['validate', join(tmp, 'notjson.json')]);
    expect(nj.code).toBe(2);
    expect(nj.err).toContain('not valid JSON');
  });

  it('run: an invalid graph exits 2 before starting anything', async () => {
    const dataDir = join(tmp, 'run-invalid');
    const g = JSON.parse(await readFile(demo, 'utf8')) as { nodes: { nodeId: string; serviceClass?: string }[] };
    g.nodes[0]!.serviceClass = 'f8.unknown';
    await writeFile(join(tmp, 'unknown.json'), JSON.stringify(g));
    const r = await f8(['run', join(tmp, 'unknown.json'), '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown-service-class');
    expect(existsSync(join(dataDir, 'nats'))).toBe(false);
  });

  it('run: a service that cannot start is a runtime failure (exit 3) and nothing is left running', async () => {
    const services = join(tmp, 'services');
    await writeManifest(services, 'crashy', manifest('test.crashy', { launch: { command: '${node}', args: ['-e', 'process.exit(4)'] }, stateFields: [] }));
    const graph = { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'c1', kind: 'service', serviceClass: 'test.crashy' }], edges: [] };
    await writeFile(join(tmp, 'crashy.json'), JSON.stringify(graph));
    const dataDir = join(tmp, 'run-crashy');
    const r = await f8(['run', join(tmp, 'crashy.json'), '--services', services, '--data-dir', dataDir, '--quiet']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('exited with code 4');
    expect(existsSync(join(dataDir, 'nats', 'server.json'))).toBe(false);
  });

  describe('deploy against a running master', () => {
    let f: MasterFixture;
    beforeAll(async () => {
      f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 60_000 }, setup: (d) => writeManifest(d, 'x', manifest('test.x')).then(() => {}) });
    });
    afterAll(() => f.stop());

    it('asks for --takeover when someone else holds the lease, then deploys with it', async () => {
      await f.call('ping', { clientId: 'other-editor' }, { clientId: 'other-editor' });
      const graph = { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'lg', kind: 'service', serviceClass: 'f8.logger' }], edges: [] };
      const file = join(tmp, 'logger.json');
      await writeFile(file, JSON.stringify(graph));
      const refused = await f8(['deploy', file, '--nats-url', f.nats.natsUrl]);
      expect(refused.code).toBe(3);
      expect(refused.err).toContain('other-editor');
      expect(refused.err).toContain('--takeover');
      const ok = await f8(['deploy', file, '--nats-url', f.nats.natsUrl, '--takeover']);
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('deployed revision 1');
      expect(ok.out).toMatch(/lg: activated rev 1/);
    });

    it('gives the lease back on exit: two f8 deploy in a row both succeed without --takeover (v1.1)', async () => {
      const graph = { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'lg', kind: 'service', serviceClass: 'f8.logger', state: { prefix: 'a: ' } }], edges: [] };
      const file = join(tmp, 'logger2.json');
      await writeFile(file, JSON.stringify(graph));
      const first = await f8(['deploy', file, '--nats-url', f.nats.natsUrl]);
      expect(first.code, first.err).toBe(0);
      expect(f.master.lease.current()).toBeNull();
      await writeFile(file, JSON.stringify({ ...graph, nodes: [{ ...graph.nodes[0], state: { prefix: 'b: ' } }] }));
      const second = await f8(['deploy', file, '--nats-url', f.nats.natsUrl]);
      expect(second.code, second.err).toBe(0);
      expect(second.out).toMatch(/lg: reconfigure/);
      expect(f.master.lease.current()).toBeNull();
    });

    it('f8 plan, history, revert N and stop (v1.1)', async () => {
      const url = ['--nats-url', f.nats.natsUrl];
      const planned = await f8(['plan', join(tmp, 'logger2.json'), ...url]);
      expect(planned.code, planned.err).toBe(0);
      expect(planned.out).toContain('plan against revision 3');
      expect(planned.out).toContain('lg: unchanged');
      const broken = join(tmp, 'broken-plan.json');
      await writeFile(broken, JSON.stringify({ schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'lg', kind: 'service', serviceClass: 'no.such' }], edges: [] }));
      expect((await f8(['plan', broken, ...url])).code).toBe(2);
      const history = await f8(['history', ...url]);
      expect(history.code, history.err).toBe(0);
      expect(
        history.out
          .trim()
          .split('\n')
          .map((l) => Number(l.trim().split(/\s+/)[0])),
      ).toEqual([3, 2, 1]);
      const reverted = await f8(['revert', '1', ...url]);
      expect(reverted.code, reverted.err).toBe(0);
      expect(reverted.out).toContain('reverting to revision 1');
      expect(reverted.out).toContain('deployed revision 4');
      const stored = await f.call<{ graph: { nodes: { state?: unknown }[] } }>('graphAt', { revision: 4 });
      const first = await f.call<{ graph: unknown }>('graphAt', { revision: 1 });
      expect(stored.graph).toEqual(first.graph);
      expect((await f8(['revert', '99', ...url])).code).toBe(2);
      const stopped = await f8(['stop', ...url]);
      expect(stopped.code, stopped.err).toBe(0);
      expect(stopped.out).toContain('revision 4');
      expect(f.master.registry.get('lg')).toBeUndefined();
      expect(f.master.lease.current()).toBeNull();
      // the next deploy starts it again
      const again = await f8(['deploy', join(tmp, 'logger2.json'), ...url]);
      expect(again.code, again.err).toBe(0);
      expect(again.out).toMatch(/lg: start \(not running\)/);
      // f8 stats: a row per instance
      const st = await f8(['stats', ...url]);
      expect(st.code, st.err).toBe(0);
      expect(st.out).toMatch(/^INSTANCE\s+STATUS\s+CPU/);
      expect(st.out).toMatch(/\nlg\s+activated\s+[\d.]+%\s+\d+MB/);
      expect((await f8(['stats', 'nobody', ...url])).code).toBe(2);
    }, 90_000);

    it('f8 call sends a verb to the master or an instance and prints the reply', async () => {
      const cat = await f8(['call', 'catalog', '--nats-url', f.nats.natsUrl]);
      expect(cat.code).toBe(0);
      expect((JSON.parse(cat.out) as { status: string; payload: { services: unknown[] } }).payload.services.length).toBeGreaterThan(1);
      const st = await f8(['call', 'status', '--instance', 'lg', '--nats-url', f.nats.natsUrl]);
      expect(st.code).toBe(0);
      expect((JSON.parse(st.out) as { payload: { status: string } }).payload.status).toBe('activated');
      const denied = await f8(['call', 'stopInstance', '{"instanceId":"lg"}', '--nats-url', f.nats.natsUrl]);
      expect(denied.code).toBe(1);
      expect((JSON.parse(denied.out) as { errorCode: string }).errorCode).toBe('unauthorized');
      expect((await f8(['call', 'frobnicate', '--nats-url', f.nats.natsUrl])).code).toBe(2);
      expect((await f8(['call', 'catalog', '{nope', '--nats-url', f.nats.natsUrl])).code).toBe(2);
    });
  });
});
