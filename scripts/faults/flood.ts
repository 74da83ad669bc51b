// A connection flood on the editor's web port (issue 20): any local user can open thousands of
// idle connections to it. Before, the master ran out of file descriptors, its supervisor took
// its own EMFILE for a dead nats-server, killed it, could not start it again and waited on its
// own start lock: NATS down for minutes. Now the web server holds at most 256 sockets (the rest
// are closed at once) and drops idle ones within seconds, and the supervisor never judges the
// server on a request it could not even make.
//
// On a master of its own (with the web server on, no services), in two phases:
// 1. the cap: FLOOD sockets opened and held (reopened when closed, as an attacker would) for
//    HOLD_S seconds at the master's normal file limit;
// 2. EMFILE for real: the master's soft file limit lowered (prlimit --pid, root) to what it has
//    open plus a few, so the flood exhausts it, again for HOLD_S seconds (longer than the 10 s a
//    silent /healthz is given before a restart).
// Each phase: sockets refused at once, the most held, whether the master answered meanwhile
// (ping over NATS), and how long after the flood's end the editor's page and the master answer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMaster } from '../../src/cli/client.js';
import { natsPaths, readRecord } from '../../src/main/nats/server.js';
import type { Row } from './faults.js';
import { lineAt, openFds, sideMaster, sleep, until } from './harness.js';

const FLOOD = Number(process.env.F8_FAULT_FLOOD ?? 5000);
const HOLD_S = Number(process.env.F8_FAULT_FLOOD_S ?? 20);

interface Flood {
  /** Closed by the server within a second of connecting (refused over the cap). */
  refusedFast: number;
  opened: number;
  stop(): void;
}

/** Opens `n` idle sockets (in batches, so this process's own limit is not the one hit) and reopens what gets closed. */
function flood(port: number, n: number): Flood {
  const open = new Set<Socket>();
  const f: Flood = { refusedFast: 0, opened: 0, stop: () => {} };
  let stopped = false;
  const one = (): void => {
    if (stopped) return;
    const s = connect(port, '127.0.0.1');
    let at = 0;
    f.opened++;
    s.on('connect', () => {
      at = Date.now();
      open.add(s);
    });
    s.resume(); // read, so the server's close is seen
    s.on('error', () => {});
    s.on('close', () => {
      open.delete(s);
      if (at && Date.now() - at < 1_000) f.refusedFast++;
      // an attacker reconnects (after a breath, not in a hot loop)
      if (!stopped) setTimeout(one, 200);
    });
  };
  let started = 0;
  const batch = setInterval(() => {
    for (let i = 0; i < 250 && started < n; i++, started++) one();
    if (started >= n) clearInterval(batch);
  }, 20);
  f.stop = () => {
    stopped = true;
    clearInterval(batch);
    for (const s of open) s.destroy();
  };
  return f;
}

/** The editor's page answers 200 (one try, with a timeout). */
async function pageOk(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false;
  }
}

export async function webFlood(): Promise<Row> {
  const name = `connection flood on the editor's web port (${FLOOD} idle sockets, ${HOLD_S} s; then ${HOLD_S} s more with the master at EMFILE)`;
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-faults-flood-'));
  const side = await sideMaster(dataDir, { web: true });
  const { master } = side;
  const c = await connectMaster(master.natsUrl, 'faults-flood');
  const masterPid = master.child.pid!;
  const natsPid = () => readRecord(natsPaths(dataDir).serverJson)?.pid ?? 0;
  const ping = async (timeoutMs = 1_000) =>
    c.call('ping', { clientId: c.clientId }, { attempts: 1, timeoutMs }).then(
      () => true,
      () => false,
    );
  try {
    const webUrl = master.webUrl!;
    const port = Number(new URL(webUrl).port);
    await until(async () => (await pageOk(webUrl)) && (await ping()), 'the side master and its editor page answering', 30_000);
    const nats0 = natsPid();
    const t0 = Date.now();

    const phase = async (label: string): Promise<{ text: string; backMs: number; pingsOk: number; pings: number }> => {
      const fl = flood(port, FLOOD);
      const end = Date.now() + HOLD_S * 1_000;
      let pings = 0;
      let pingsOk = 0;
      let mostFds = 0;
      while (Date.now() < end) {
        pings++;
        if (await ping(2_000)) pingsOk++;
        mostFds = Math.max(mostFds, openFds(masterPid));
        await sleep(500);
      }
      fl.stop();
      const stoppedAt = Date.now();
      const back = await until(async () => ((await pageOk(webUrl, 500)) && (await ping(500)) ? Date.now() : null), `${label}: the editor page and the master answering after the flood`, 120_000, 50);
      const text = `${label}: ${fl.opened} connects (each closed one reopened), ${fl.refusedFast} closed by the master within 1 s, the master at most ${mostFds} fds, its pings answered ${pingsOk}/${pings} during the flood, page + master answer ${back - stoppedAt} ms after its end`;
      return { text, backMs: back - stoppedAt, pingsOk, pings };
    };

    // 1. at the normal file limit: the cap holds it
    const p1 = await phase('cap');
    // 2. the master's soft limit lowered to what it has open plus a few: the flood takes every descriptor
    const hard = execFileSync('prlimit', ['--pid', String(masterPid), '--nofile', '--raw', '--noheadings', '--output=HARD'], { encoding: 'utf8' }).trim();
    const soft = openFds(masterPid) + 24;
    execFileSync('prlimit', ['--pid', String(masterPid), `--nofile=${soft}:${hard}`]);
    const t2 = Date.now();
    let p2;
    try {
      p2 = await phase(`EMFILE (limit ${soft})`);
    } finally {
      execFileSync('prlimit', ['--pid', String(masterPid), `--nofile=${hard}:${hard}`]);
    }
    const emfileSeen = lineAt(master, /the master is out of file descriptors/, t2);
    const killed = lineAt(master, /nats-server: .*(starting it again|restarted as pid)/, t0);
    const nats1 = natsPid();
    const kvOk = await until(async () => ((await ping(1_000)) ? true : null), 'the master answering at the end', 30_000).catch(() => false);
    if (process.env.F8_FAULT_DEBUG) for (const l of master.lines.filter((x) => x.at >= t0)) console.log(`  ${l.at - t0} ms: ${l.text.slice(0, 200)}`);
    const same = nats0 === nats1 && !killed;
    return {
      fault: name,
      detectMs: emfileSeen === null ? null : emfileSeen - t2,
      recoverMs: Math.max(p1.backMs, p2.backMs),
      lost: '-',
      unackedMissing: '-',
      duplicates: 0,
      notes: `${same ? `nats-server never killed (pid ${nats0} throughout)` : `FAILED: nats-server was restarted (pid ${nats0} -> ${nats1})`}; ${p1.text}; ${p2.text}; ${emfileSeen ? 'the supervisor saw its own EMFILE and did not judge nats-server' : 'the supervisor never met EMFILE'}${kvOk ? '' : '; FAILED: the master did not answer at the end'}`,
    };
  } finally {
    await c.close().catch(() => {});
    await side.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
