// `npm run test:faults`: real processes, a real nats-server, each fault bounded in time. Prints a
// row per fault (see faults.ts for what the columns mean) and a markdown table at the end, and
// exits 1 when a must-hold figure fails (acknowledged records missing, duplicate processes, an
// inconsistent deploy, a lease round with other than one holder, a process died under load).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, cmd, deploy, processesByInstance, sideCleanups, startMaster, stopMaster, until } from './harness.js';
import { webFlood } from './flood.js';
import { busOnFullDisk } from './bus-disk-full.js';
import { storeFull } from './store-full.js';
import { diskFull, freezeNats, interruptedDeploy, killInstance, killMaster, killNats, leaseRace, pipeGraph, racingDeploys, type Env, type Row } from './faults.js';
import { load } from './load.js';
import { natsPaths, readRecord } from '../../src/main/nats/server.js';

const LOAD_S = Number(process.env.F8_FAULT_LOAD_S ?? 60);
const LONG_FREEZE_S = Number(process.env.F8_FAULT_FREEZE_S ?? 30);
const LIMIT_MS = 10 * 60_000;

const dataDir = mkdtempSync(join(tmpdir(), 'f8-faults-'));
const recordings = join(dataDir, 'recordings', 'rec');
mkdirSync(recordings, { recursive: true });
/** Small tmpfs mounts (root only) under the recordings and the JetStream store, for the disk-full rows. */
function mountTmpfs(dir: string): string | null {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch {
    return null;
  }
}
const mounted = mountTmpfs(recordings);
const storeMount = mounted ? mountTmpfs(join(dataDir, 'nats', 'jetstream')) : null;

const hardStop = setTimeout(() => {
  console.error(`the fault suite ran over ${LIMIT_MS / 60_000} minutes: stopping`);
  void cleanup().finally(() => process.exit(1));
}, LIMIT_MS);

let env: Env | null = null;
async function cleanup(): Promise<void> {
  for (const side of [...sideCleanups]) await side().catch(() => {});
  if (env) {
    await env.c.close().catch(() => {});
    await stopMaster(env.master).catch(() => {});
  }
  for (const pids of processesByInstance(dataDir).values()) for (const p of pids) process.kill(p, 'SIGKILL');
  // a master that could not stop cleanly (a wedged server) leaves its nats-server: it names our data dir
  try {
    const pid = readRecord(natsPaths(dataDir).serverJson)?.pid ?? 0;
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)) process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  for (const m of [mounted, storeMount]) {
    if (!m) continue;
    try {
      execFileSync('umount', ['-l', m], { stdio: 'pipe' });
    } catch {
      /* gone */
    }
  }
  if (process.env.F8_FAULT_KEEP) console.log(`kept the data dir: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}

const fmt = (ms: number | null) => (ms === null ? '-' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

async function main(): Promise<number> {
  const t0 = Date.now();
  const master = await startMaster(dataDir);
  const c = await client(master.natsUrl, 'faults');
  const e: Env = {
    dataDir,
    master,
    c,
    file: join(recordings, 'seq.jsonl'),
    async restartMaster() {
      await e.c.close().catch(() => {});
      e.master = await startMaster(dataDir);
      e.c = await client(e.master.natsUrl, 'faults');
    },
  };
  env = e;
  await deploy(c, pipeGraph());
  await cmd(c, 'rec', 'start', { path: 'seq.jsonl' });
  await until(() => processesByInstance(dataDir).size === 2, 'both instances running');
  const rows: Row[] = [];
  const faults: [string, () => Promise<Row>][] = [
    ['kill instance', () => killInstance(e)],
    ['kill master', () => killMaster(e)],
    ['kill nats', () => killNats(e)],
    ['freeze 3 s', () => freezeNats(e, 3)],
    [`freeze ${LONG_FREEZE_S} s`, () => freezeNats(e, LONG_FREEZE_S)],
    ['interrupted deploy', () => interruptedDeploy(e)],
    ['lease race', () => leaseRace(e)],
    ['racing deploys', () => racingDeploys(e)],
    ['disk full', () => diskFull(e, mounted)],
    ['load', () => load(e, LOAD_S)],
    ['store full', () => storeFull(e, storeMount)],
    ['web flood', () => webFlood()],
    ['bus on full disk', () => busOnFullDisk()],
  ];
  // F8_FAULTS=name,name runs only those (by the names above)
  const only = process.env.F8_FAULTS?.split(',').map((x) => x.trim());
  for (const [name, run] of faults.filter(([n]) => !only || only.includes(n))) {
    const started = Date.now();
    try {
      const row = await run();
      rows.push(row);
      console.log(
        `${row.fault}: detect ${fmt(row.detectMs)}, recover ${fmt(row.recoverMs)}, lost ${row.lost}, acknowledged-missing ${row.unackedMissing}, duplicate processes ${row.duplicates}; ${row.notes} [${((Date.now() - started) / 1000).toFixed(1)} s]`,
      );
    } catch (err) {
      rows.push({ fault: name, detectMs: null, recoverMs: null, lost: '-', unackedMissing: '-', duplicates: 0, notes: `FAILED: ${(err as Error).message}` });
      console.log(`${name}: FAILED: ${(err as Error).message}`);
    }
  }
  console.log(`\n| fault | detect | recover | messages lost (policy) | acknowledged, missing | duplicate processes | notes |\n|---|---|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.fault} | ${fmt(r.detectMs)} | ${fmt(r.recoverMs)} | ${r.lost} | ${r.unackedMissing} | ${r.duplicates} | ${r.notes.replace(/\|/g, '/')} |`);
  console.log(`\n${rows.length} faults in ${((Date.now() - t0) / 1000).toFixed(0)} s (detect and recover count from the fault; recover = data flowing end to end again)`);
  const bad = rows.filter(
    (r) =>
      /FAILED|NOT consistent|DIED/.test(r.notes) ||
      (typeof r.unackedMissing === 'number' && r.unackedMissing > 0) ||
      r.duplicates > 0 ||
      (/lease/.test(r.fault) && !/in 100 of 100/.test(r.notes)) ||
      (/two deploys/.test(r.fault) && !/1 applied, 1 conflict$/.test(r.notes)),
  );
  for (const r of bad) console.log(`must hold, but did not: ${r.fault}: ${r.notes}`);
  return bad.length ? 1 : 0;
}

main()
  .then(async (code) => {
    clearTimeout(hardStop);
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err);
    clearTimeout(hardStop);
    await cleanup();
    process.exit(1);
  });
