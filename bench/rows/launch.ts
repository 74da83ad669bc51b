// startInstance until registered (the master verb, as an editor sees it), f8.logger as its bundle
// (the built path) and as TypeScript through tsx, against a bare nats.js Node process until it is
// connected; then the idle RSS of the built service against that bare process.
import { readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceClient } from '../../src/bus/index.js';
import { Floors, rssMiB } from '../lib/floor.js';
import { builtServices, CLIENT, ROOT, startBenchMaster } from '../lib/master.js';
import type { Group, Runner, Sample } from '../lib/table.js';

const TS_CLASS = 'f8.logger';
const BUILT_CLASS = 'f8.logger.built'; // the same bundle under another name, so one master offers both
const IDLE_MS = 3_000;

export const launchGroup: Group = {
  name: 'launch',
  rows: [
    {
      name: 'launch-built',
      figure: 'startInstance -> registered, built JS (f8.logger bundle)',
      floor: 'a bare nats.js Node process until connected',
      unit: 'ms',
      target: { kind: 'ratio<=', value: 2 },
    },
    { name: 'launch-tsx', figure: 'startInstance -> registered, TypeScript through tsx', floor: 'the same bare process', unit: 'ms', target: { kind: 'none' } },
    { name: 'rss-built', figure: 'idle RSS per service, built JS', floor: 'the bare nats.js process, idle', unit: 'MiB', target: { kind: 'ratio<=', value: 1.25 } },
  ],
  async start(only): Promise<Runner> {
    const want = (n: string) => !only || only.has(n);
    const out = await builtServices();
    const tmp = await mkdtemp(join(tmpdir(), 'f8-bench-launch-'));
    const builtDir = join(tmp, 'installed', 'logger');
    await cp(join(out, 'logger'), builtDir, { recursive: true });
    const mp = join(builtDir, 'service.json');
    writeFileSync(mp, JSON.stringify({ ...(JSON.parse(readFileSync(mp, 'utf8')) as object), serviceClass: BUILT_CLASS }));
    const m = await startBenchMaster([join(ROOT, 'services'), join(tmp, 'installed')]);
    const floors = new Floors(m.nats.server.serviceNatsUrl, ROOT);
    let n = 0;
    const startService = async (serviceClass: string): Promise<{ ms: number; id: string; pid: number }> => {
      const id = `bench-${serviceClass === TS_CLASS ? 'tsx' : 'built'}-${n++}`;
      const t0 = performance.now();
      const r = await m.call<{ pid: number }>('startInstance', { serviceClass, instanceId: id });
      return { ms: performance.now() - t0, id, pid: r.pid };
    };
    const stopService = (instanceId: string) => m.call('stopInstance', { instanceId });
    // warm-up: the master's first launch of each kind
    await stopService((await startService(BUILT_CLASS)).id);
    await floors.stop((await floors.start()).child);
    return {
      async round(i) {
        const res: Record<string, Sample> = {};
        const a = await floors.start();
        const tsx = want('launch-tsx') ? await startService(TS_CLASS) : null;
        const built = await startService(BUILT_CLASS);
        const b = await floors.start();
        if (want('launch-built')) res['launch-built'] = i % 2 ? { a: b.ms, ours: built.ms, b: a.ms } : { a: a.ms, ours: built.ms, b: b.ms };
        if (tsx) res['launch-tsx'] = { a: a.ms, ours: tsx.ms, b: b.ms };
        if (want('rss-built')) {
          await new Promise((r) => setTimeout(r, IDLE_MS));
          res['rss-built'] = { a: rssMiB(a.child.pid!), ours: rssMiB(built.pid), b: rssMiB(b.child.pid!) };
          if (i === 0) {
            // where the service's memory is: its own report (stats verb) against the bare process's RSS
            const st = await instanceClient(m.nc, built.id, CLIENT).call('stats', {});
            const mib = (x: number) => (x / 2 ** 20).toFixed(1);
            console.log(`\n  rss-built: the service reports RSS ${mib(st.rssBytes)} MiB, V8 heap in use ${mib(st.heapUsedBytes)} MiB; the bare process ${rssMiB(a.child.pid!).toFixed(1)} MiB RSS`);
          }
        }
        if (tsx) await stopService(tsx.id);
        await stopService(built.id);
        await floors.stop(a.child);
        await floors.stop(b.child);
        return res;
      },
      async stop() {
        await floors.stopAll();
        await m.stop();
        await rm(tmp, { recursive: true, force: true });
      },
    };
  },
};
