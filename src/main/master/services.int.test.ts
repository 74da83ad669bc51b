// The sample services as the master launches them: recorder, logger, and an engine plugin
// loaded through F8_OPERATOR_RUNTIME_MODULES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { dataEdge, makeSubgraph } from '../../sdk/testing.js';
import { call } from '../../shared/client.js';
import { keys, subjects } from '../../shared/naming.js';
import type { OperatorSpec, StateEntry } from '../../shared/types.js';
import type { F8Error } from '../../shared/errors.js';

const dec = new TextDecoder();
const enc = new TextEncoder();

describe('sample services', () => {
  let f: MasterFixture;
  let tmp: string;
  const CLIENT = 'ed-services';
  const inst = <P>(id: string, v: Parameters<typeof subjects.instanceVerb>[1], payload: unknown) => call<P>(f.transport, subjects.instanceVerb(id, v), payload, { clientId: CLIENT, timeoutMs: 5000 });
  const state = async (id: string, field: string) => {
    const e = await (await f.kvm.open(`kv_f8_${id}`)).get(keys.state(id, field));
    return e && e.length ? (JSON.parse(dec.decode(e.value)) as StateEntry).value : undefined;
  };
  /** Starts an instance with one inbound data half-edge fed by the test, activated. */
  const withInput = async (serviceClass: string, id: string) => {
    await f.call('startInstance', { serviceClass, instanceId: id }, { clientId: CLIENT, timeoutMs: 40_000 });
    const e = dataEdge('feeder', 'out', id, 'value');
    await f.master.grants.grant([{ instanceId: id, halfEdges: [e.in] }]); // as the master would, before applying
    await inst(id, 'deployOpGraph', { subgraph: makeSubgraph(id, serviceClass, 1, [e.in]), expectedDeployRevision: null });
    await inst(id, 'activate', {});
    const feeder = await f.connectAs('feeder', [e.out]);
    return (value: unknown) => feeder.publish(e.in.subject!, enc.encode(JSON.stringify({ value, ts: Date.now() })));
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'f8-services-test-'));
    f = await startMasterFixture({
      extraDirs: [repoServicesDir],
      master: { leaseTtlMs: 120_000, operatorModules: resolve(repoServicesDir, 'engine/plugins/example-plugin.mjs') },
    });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  });
  afterAll(async () => {
    await f.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('f8.recorder appends every acknowledged value as a JSON line between start and stop, inside its own folder', async () => {
    const send = await withInput('f8.recorder', 'rec1');
    const folder = join(f.nats.dataDir, 'recordings', 'rec1');
    const file = join(folder, 'runs', 'rec.jsonl');
    send(-1); // before start: not recorded
    expect(await inst('rec1', 'cmd', { command: 'start', params: { path: 'runs/rec.jsonl' } })).toEqual({ result: { path: await realpath(file).catch(() => file) } });
    expect(await state('rec1', 'recording')).toBe(true);
    for (let i = 0; i < 25; i++) send(i);
    await eventually(async () => (await state('rec1', 'lines')) === 25, '25 lines acknowledged');
    const stopped = await inst<{ result: { lines: number } }>('rec1', 'cmd', { command: 'stop' });
    expect(stopped.result.lines).toBe(25);
    send(99); // after stop: not recorded
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { port: string; value: number });
    expect(lines.map((l) => l.value)).toEqual([...Array(25).keys()]);
    expect(lines.every((l) => l.port === 'value')).toBe(true);
  });

  it('f8.recorder refuses names that lead outside its folder (absolute, .., a symlink out, a device) with invalid, touching nothing', async () => {
    await withInput('f8.recorder', 'rec2');
    const folder = join(f.nats.dataDir, 'recordings', 'rec2');
    await mkdir(folder, { recursive: true });
    const outside = join(tmp, 'outside');
    await mkdir(outside, { recursive: true });
    await symlink(outside, join(folder, 'escape'));
    await symlink('/dev/full', join(folder, 'full'));
    const start = (path: string) =>
      call(f.transport, subjects.instanceVerb('rec2', 'cmd'), { command: 'start', params: { path } }, { clientId: CLIENT }).then(
        () => null,
        (e: unknown) => e as F8Error,
      );
    for (const path of ['', join(tmp, 'abs.jsonl'), '../rec1/x.jsonl', 'a/../../x.jsonl', 'escape/x.jsonl', 'full', '/dev/full', `${join(homedir(), '.bashrc')}`]) {
      const e = await start(path);
      expect(e?.code, `start ${JSON.stringify(path)}`).toBe('invalid');
    }
    expect(await readdir(outside)).toEqual([]);
    expect(await state('rec2', 'recording')).not.toBe(true);
  });

  it('f8.logger logs each value, keeps the last one and a count; clear resets them', async () => {
    const send = await withInput('f8.logger', 'log1');
    await inst('log1', 'setState', { nodeId: 'log1', field: 'prefix', value: 'T:' });
    send({ a: 1 });
    send(42);
    await eventually(async () => (await state('log1', 'count')) === 2, 'two values counted');
    expect(await state('log1', 'last')).toBe(42);
    const logs = await f.call<{ lines: { stream: string; text: string }[] }>('logs', { instanceId: 'log1' }, { clientId: CLIENT });
    await eventually(async () => (await f.call<{ lines: { text: string }[] }>('logs', { instanceId: 'log1' }, { clientId: CLIENT })).lines.some((l) => l.text === 'T: value=42'), 'log line');
    expect(logs.lines.length).toBeGreaterThan(0);
    await inst('log1', 'cmd', { command: 'clear' });
    expect(await state('log1', 'count')).toBe(0);
    expect(await state('log1', 'last')).toBeNull();
  });

  it('f8.engine loads the plugin named in F8_OPERATOR_RUNTIME_MODULES and runs its operator', async () => {
    await f.call('startInstance', { serviceClass: 'f8.engine', instanceId: 'eng-p', state: { tickMs: 20 } }, { clientId: CLIENT, timeoutMs: 40_000 });
    const e = await (await f.kvm.open('kv_f8_eng-p')).get(keys.operatorCatalog);
    const specs = JSON.parse(dec.decode(e!.value)) as OperatorSpec[];
    expect(specs.map((s) => s.operatorClass)).toContain('example.square');
    const op = (nodeId: string, operatorClass: string) => ({ nodeId, kind: 'operator' as const, operatorClass, parentId: 'eng-p' });
    const graph = {
      nodes: [op('t', 'tick'), op('k', 'constant'), op('sq', 'example.square'), op('pr', 'print')],
      edges: [
        { kind: 'exec' as const, from: { nodeId: 't', port: 'out' }, to: { nodeId: 'pr', port: 'in' } },
        { kind: 'data' as const, from: { nodeId: 'k', port: 'value' }, to: { nodeId: 'sq', port: 'x' } },
        { kind: 'data' as const, from: { nodeId: 'sq', port: 'y' }, to: { nodeId: 'pr', port: 'value' } },
      ],
    };
    await inst('eng-p', 'deployOpGraph', { subgraph: makeSubgraph('eng-p', 'f8.engine', 1, [], { k: { value: 7 }, pr: { label: 'sq' } }, graph), expectedDeployRevision: null });
    await inst('eng-p', 'activate', {});
    await eventually(
      async () => (await f.call<{ lines: { text: string }[] }>('logs', { instanceId: 'eng-p' }, { clientId: CLIENT })).lines.some((l) => l.text.endsWith('sq: 49')),
      'plugin operator output printed',
    );
  });

  it("deployGraph through the master accepts a running engine's plugin operator and runs it", async () => {
    // the engine of the test above is running with the plugin loaded; before, the master compiled
    // against the manifest's operators only and refused example.square as unknown-operator-class
    const op = (nodeId: string, operatorClass: string, state?: Record<string, unknown>) => ({ nodeId, kind: 'operator' as const, operatorClass, parentId: 'eng-p', ...(state ? { state } : {}) });
    const graph = {
      schemaVersion: 'f8studio-graph/1',
      graphId: 'g-plugin',
      nodes: [
        { nodeId: 'eng-p', kind: 'service' as const, serviceClass: 'f8.engine', state: { tickMs: 20 } },
        op('t2', 'tick'),
        op('k2', 'constant', { value: 9 }),
        op('sq2', 'example.square'),
        op('pr2', 'print', { label: 'sq2' }),
      ],
      edges: [
        { kind: 'exec' as const, from: { nodeId: 't2', port: 'out' }, to: { nodeId: 'pr2', port: 'in' } },
        { kind: 'data' as const, from: { nodeId: 'k2', port: 'value' }, to: { nodeId: 'sq2', port: 'x' } },
        { kind: 'data' as const, from: { nodeId: 'sq2', port: 'y' }, to: { nodeId: 'pr2', port: 'value' } },
      ],
    };
    const plan = await f.call<{ valid: boolean; diagnostics: { code: string }[] }>('planGraph', { graph }, { clientId: CLIENT });
    expect(plan.diagnostics.filter((d) => d.code === 'unknown-operator-class')).toEqual([]);
    expect(plan.valid).toBe(true);
    await f.call('deployGraph', { graph, activate: true }, { clientId: CLIENT, timeoutMs: 60_000 });
    await eventually(
      async () => (await f.call<{ lines: { text: string }[] }>('logs', { instanceId: 'eng-p' }, { clientId: CLIENT })).lines.some((l) => l.text.endsWith('sq2: 81')),
      'the deployed plugin operator output printed',
    );
  }, 90_000);
});
