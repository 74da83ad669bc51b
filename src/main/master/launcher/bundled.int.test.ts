// The services as an installed app runs them: bundles from scripts/build-services.ts, copied to a
// folder outside the repo (no node_modules, no TypeScript, no tsx), launched by a master through
// an injected runtime. A real nats-server; the processes are checked through /proc.
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, type BuildServicesResult } from '../../../../scripts/build-services.js';
import { makeSubgraph } from '../../../sdk/testing.js';
import { call } from '../../../shared/client.js';
import { keys, subjects } from '../../../shared/naming.js';
import type { OperatorSpec } from '../../../shared/types.js';
import { eventually, processAlive, startMasterFixture, type MasterFixture } from '../testing.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const dec = new TextDecoder();
const CLIENT = 'ed-bundled';
/** Proves the runtime's env reaches the process (ELECTRON_RUN_AS_NODE alone could come from the test's own env). */
const RUNTIME_TAG = `F8_TEST_RUNTIME_${process.pid}`;

/** Every file under dir (relative paths), and whether a node_modules folder is among them. */
function walk(dir: string): { files: string[]; nodeModules: boolean } {
  const files: string[] = [];
  let nodeModules = false;
  const go = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') nodeModules = true;
      const p = path.join(d, e.name);
      if (e.isDirectory()) go(p);
      else files.push(path.relative(dir, p));
    }
  };
  go(dir);
  return { files, nodeModules };
}

describe('bundled services', () => {
  let tmp: string;
  let build: BuildServicesResult;
  let services: string;
  let f: MasterFixture;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'f8-bundled-'));
    build = await buildServices({ root, outDir: path.join(tmp, 'out') });
    // a copy of two folders elsewhere: nothing may reach back into the build output or the repo
    services = path.join(tmp, 'installed');
    for (const name of ['logger', 'engine']) fs.cpSync(path.join(build.outDir, name), path.join(services, name), { recursive: true });
    f = await startMasterFixture({
      extraDirs: [services],
      master: {
        leaseTtlMs: 120_000,
        runtime: { execPath: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1', [RUNTIME_TAG]: 'yes' } },
        // relative: the engine resolves it against its working folder, the installed copy
        operatorModules: 'plugins/example-plugin.mjs',
      },
    });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  }, 120_000);

  afterAll(async () => {
    await f?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 60_000);

  it('builds every sample service into a folder with one main.mjs, its manifest and its data files, and no TypeScript', () => {
    expect(build.built.map((b) => b.name).sort()).toEqual(['engine', 'logger', 'recorder', 'signal']);
    expect(build.skipped).toEqual([]);
    for (const b of build.built) {
      const { files, nodeModules } = walk(b.dir);
      expect(nodeModules, b.name).toBe(false);
      expect(
        files.filter((p) => /\.(c|m)?ts$/.test(p)),
        b.name,
      ).toEqual([]);
      expect(files, b.name).toContain('main.mjs');
      const manifest = JSON.parse(fs.readFileSync(path.join(b.dir, 'service.json'), 'utf8')) as { launch: unknown; serviceClass: string };
      expect(manifest.launch, b.name).toEqual({ command: '${node}', args: ['main.mjs'] });
      expect(manifest.serviceClass).toBe(`f8.${b.name}`);
    }
    const engine = walk(path.join(build.outDir, 'engine')).files;
    expect(engine).toEqual(expect.arrayContaining(['operators.json', path.join('plugins', 'example-plugin.mjs')]));
    expect(fs.readFileSync(path.join(build.outDir, 'engine', 'operators.json'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'services', 'engine', 'operators.json'), 'utf8'));
    const marker = JSON.parse(fs.readFileSync(path.join(build.outDir, '.built.json'), 'utf8')) as { builtAt: number; sources: number };
    expect(marker.sources).toBeGreaterThan(0);
    expect(marker.builtAt).toBeGreaterThanOrEqual(marker.sources);
  });

  it('a master runs the installed logger as `<runtime> main.mjs` in its own folder, with the runtime env', async () => {
    const started = await f.call<{ pid: number }>('startInstance', { serviceClass: 'f8.logger', instanceId: 'blog1' }, { clientId: CLIENT, timeoutMs: 60_000 });
    const rec = await eventually(() => {
      const r = f.master.registry.get('blog1');
      return r?.status === 'deactivated' ? r : null;
    }, 'blog1 registered');
    expect(rec.pid).toBe(started.pid);
    await call(f.transport, subjects.instanceVerb('blog1', 'activate'), {}, { clientId: CLIENT, timeoutMs: 10_000 });
    await eventually(() => f.master.registry.get('blog1')?.status === 'activated', 'blog1 activated');
    // a state field's value schema is compiled at run time: the bundle loads ajv on this first use
    const setState = (value: unknown) => call(f.transport, subjects.instanceVerb('blog1', 'setState'), { nodeId: 'blog1', field: 'prefix', value }, { clientId: CLIENT, timeoutMs: 10_000 });
    await expect(setState(5)).rejects.toMatchObject({ code: 'invalid' });
    await expect(setState('>')).resolves.toMatchObject({ revision: expect.any(Number) });

    const pid = started.pid;
    expect(processAlive(pid)).toBe(true);
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('ELECTRON_RUN_AS_NODE=1');
    expect(environ).toContain(`${RUNTIME_TAG}=yes`);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline[0]).toBe(process.execPath);
    expect(cmdline.at(-1)).toBe('main.mjs');
    expect(cmdline.some((a) => a.includes('tsx'))).toBe(false);
    const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    expect(cwd).toBe(fs.realpathSync(path.join(services, 'logger')));
    const { files, nodeModules } = walk(cwd);
    expect(nodeModules).toBe(false);
    expect(files.filter((p) => p.endsWith('.ts'))).toEqual([]);

    await f.call('stopInstance', { instanceId: 'blog1' }, { clientId: CLIENT, timeoutMs: 30_000 });
    await eventually(() => !processAlive(pid), 'blog1 ended');
  });

  it('the installed engine loads a plugin from F8_OPERATOR_RUNTIME_MODULES (a path in its folder) and runs its operator', async () => {
    await f.call('startInstance', { serviceClass: 'f8.engine', instanceId: 'beng1', state: { tickMs: 20 } }, { clientId: CLIENT, timeoutMs: 60_000 });
    const e = await (await f.kvm.open('kv_f8_beng1')).get(keys.operatorCatalog);
    const specs = JSON.parse(dec.decode(e!.value)) as OperatorSpec[];
    expect(specs.map((s) => s.operatorClass)).toContain('example.square');
    const op = (nodeId: string, operatorClass: string) => ({ nodeId, kind: 'operator' as const, operatorClass, parentId: 'beng1' });
    const graph = {
      nodes: [op('t', 'tick'), op('k', 'constant'), op('sq', 'example.square'), op('pr', 'print')],
      edges: [
        { kind: 'exec' as const, from: { nodeId: 't', port: 'out' }, to: { nodeId: 'pr', port: 'in' } },
        { kind: 'data' as const, from: { nodeId: 'k', port: 'value' }, to: { nodeId: 'sq', port: 'x' } },
        { kind: 'data' as const, from: { nodeId: 'sq', port: 'y' }, to: { nodeId: 'pr', port: 'value' } },
      ],
    };
    const inst = (v: Parameters<typeof subjects.instanceVerb>[1], payload: unknown) => call(f.transport, subjects.instanceVerb('beng1', v), payload, { clientId: CLIENT, timeoutMs: 10_000 });
    await inst('deployOpGraph', { subgraph: makeSubgraph('beng1', 'f8.engine', 1, [], { k: { value: 7 }, pr: { label: 'sq' } }, graph), expectedDeployRevision: null });
    await inst('activate', {});
    await eventually(
      async () => (await f.call<{ lines: { text: string }[] }>('logs', { instanceId: 'beng1' }, { clientId: CLIENT })).lines.some((l) => l.text.endsWith('sq: 49')),
      'plugin operator output printed',
    );
    await f.call('stopInstance', { instanceId: 'beng1' }, { clientId: CLIENT, timeoutMs: 30_000 });
  });
});
