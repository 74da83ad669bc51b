// The data dir's whole disk full (issue 20): JetStream needs the disk, core pub/sub does not.
// Before, the supervisor killed the JetStream-wedged server after ~19 s and could not start it
// again (ENOSPC writing its unchanged config): core pub/sub was down for 42.7 s. Now the server
// is kept while the disk is full (JetStream reported unavailable on f8.master.events.system)
// and restarted once space is back if its JetStream stays silent (2.9.10 does not recover).
//
// On a master of its own whose data dir is a small tmpfs (root), with no services: a publisher
// at ~1k msg/s (sequence numbers) and a subscriber on their own connections, a KV probe on a
// third. The disk is filled for FULL_S seconds, then freed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNode } from '../../src/bus/node.js';
import { connectMaster } from '../../src/cli/client.js';
import { closeConnection } from '../../src/bus/index.js';
import { subjects } from '../../src/shared/naming.js';
import { natsPaths, readRecord } from '../../src/main/nats/server.js';
import type { Row } from './faults.js';
import { lineAt, sideCleanups, sideMaster, sleep, until } from './harness.js';

const FULL_S = Number(process.env.F8_FAULT_FULL_S ?? 30);

export async function busOnFullDisk(): Promise<Row> {
  const name = `the data dir's disk full for ${FULL_S} s (core pub/sub at 1k msg/s, a KV probe)`;
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-faults-busdisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dataDir], { stdio: 'pipe' });
  } catch {
    rmSync(dataDir, { recursive: true, force: true });
    return { fault: name, detectMs: null, recoverMs: null, lost: '-', unackedMissing: '-', duplicates: 0, notes: 'skipped: cannot mount a tmpfs here (needs root)' };
  }
  const unmount = async (): Promise<void> => {
    sideCleanups.delete(unmount);
    try {
      execFileSync('umount', ['-l', dataDir], { stdio: 'pipe' });
    } catch {
      /* gone */
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  sideCleanups.add(unmount);
  const conns: NatsConnection[] = [];
  let side: Awaited<ReturnType<typeof sideMaster>> | null = null;
  try {
    mkdirSync(join(dataDir, 'd'));
    const dir = join(dataDir, 'd'); // the data dir proper, on the tmpfs
    side = await sideMaster(dir);
    const { master } = side;
    const conn = async (n: string) => {
      const nc = await connectNode(master.natsUrl, { name: n });
      conns.push(nc);
      return nc;
    };
    const pub = await conn('bus-pub');
    const sub = await conn('bus-sub');
    const kvc = await conn('bus-kv');
    const natsPid = () => readRecord(natsPaths(dir).serverJson)?.pid ?? 0;
    const mc = await connectMaster(master.natsUrl, 'bus-master-ping');
    conns.push(mc.nc);
    const ping = () => mc.call('ping', { clientId: mc.clientId }, { attempts: 1, timeoutMs: 1_000 }).then(() => true, () => false);

    // what arrived, by sequence number, with the time
    const got: { seq: number; at: number }[] = [];
    sub.subscribe('fault.bus.seq', {
      callback: (_e, m) => {
        got.push({ seq: Number(new TextDecoder().decode(m.data)), at: Date.now() });
      },
    });
    const events: { at: number; kind: string; message: string }[] = [];
    sub.subscribe(subjects.systemEvents, {
      callback: (_e, m) => {
        const e = JSON.parse(new TextDecoder().decode(m.data)) as { kind: string; message: string };
        events.push({ at: Date.now(), kind: e.kind, message: e.message });
      },
    });
    await sub.flush();
    let seq = 0;
    const sentAt: number[] = [];
    const publisher = setInterval(() => {
      sentAt[seq] = Date.now();
      pub.publish('fault.bus.seq', String(seq++));
    }, 1); // ~1k msg/s

    const kv = await new Kvm(kvc).create('kv_fault_bus');
    const put = () => Promise.race([kv.put('k', String(Date.now()).padEnd(4096, '.')).then(() => true), sleep(2_000).then(() => false)]).catch(() => false);
    await until(async () => ((await put()) ? true : null), 'a first KV write', 30_000);
    await sleep(1_000);
    const pid0 = natsPid();
    const filler = join(dataDir, 'filler');
    const t0 = Date.now();
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' });
    } catch {
      // "No space left on device": full
    }
    // a KV write now fails (or times out: the 2.9.10 store wedges)
    const detect = await until(async () => ((await put()) ? null : Date.now()), 'a KV write failing on the full disk', 30_000).catch(() => null);
    // does the master itself answer meanwhile (its verbs over its own connection)?
    let pings = 0;
    let pingsOk = 0;
    while (Date.now() < t0 + FULL_S * 1_000) {
      pings++;
      if (await ping()) pingsOk++;
      await sleep(500);
    }
    const pidFull = natsPid();
    const seqAtFree = seq;
    rmSync(filler);
    const freed = Date.now();
    const back = await until(async () => ((await put()) ? Date.now() : null), 'KV writes working again', 90_000, 200).catch(() => null);
    await sleep(2_000);
    clearInterval(publisher);
    await sleep(500);

    // core pub/sub: what the subscriber missed of what was sent while full, and after
    const seen = new Set(got.map((g) => g.seq));
    const firstFull = sentAt.findIndex((t) => t >= t0);
    let lostFull = 0;
    for (let s = firstFull; s < seqAtFree; s++) if (!seen.has(s)) lostFull++;
    let lostAfter = 0;
    for (let s = seqAtFree; s < seq; s++) if (!seen.has(s)) lostAfter++;
    // the longest stretch without a message arriving while full (from the fill to the freeing)
    let gapFull = 0;
    const fullArrivals = [t0, ...got.filter((g) => g.at >= t0 && g.at <= freed).map((g) => g.at), freed];
    for (let i = 1; i < fullArrivals.length; i++) gapFull = Math.max(gapFull, fullArrivals[i]! - fullArrivals[i - 1]!);
    const restarted = lineAt(master, /nats-server: restarted as pid/, t0);
    const unavailable = events.find((e) => e.kind === 'jetstream-unavailable' && e.at >= t0);
    const available = events.find((e) => e.kind === 'jetstream-available' && e.at >= t0);
    if (process.env.F8_FAULT_DEBUG) {
      for (const l of master.lines.filter((x) => x.at >= t0 - 1_000 && /nats/i.test(x.text))) console.log(`  ${l.at - t0} ms: ${l.text.slice(0, 220)}`);
      for (const e of events) console.log(`  event ${e.at - t0} ms: ${e.kind}: ${e.message.slice(0, 160)}`);
    }
    // killed while full: a restart begun before the space was freed (server.json may still name the dead pid)
    const killedAt = master.lines.find((l) => l.at >= t0 && l.at < freed && /nats-server: .*starting it again/.test(l.text))?.at ?? null;
    const kept = killedAt === null && pidFull === pid0;
    return {
      fault: name,
      detectMs: detect === null ? null : detect - t0,
      recoverMs: back === null ? null : back - t0,
      lost: `${lostFull} of ${seqAtFree - firstFull} while full, ${lostAfter} of ${seq - seqAtFree} after (core at-most-once)`,
      unackedMissing: '-',
      duplicates: 0,
      notes: [
        kept ? `nats-server kept while full (pid ${pid0})` : `FAILED: nats-server killed while the disk was full (${killedAt === null ? `pid ${pid0} -> ${pidFull}` : `${killedAt - t0} ms after the fill`})`,
        `longest pause in delivery while full ${gapFull} ms`,
        `the master answered ${pingsOk}/${pings} pings while full`,
        unavailable ? `"jetstream-unavailable" on ${subjects.systemEvents} ${unavailable.at - t0} ms after the fill` : 'no jetstream-unavailable event seen',
        back === null ? 'FAILED: KV writes did not work again' : `KV writes work again ${back - freed} ms after the space was freed${restarted ? ' (the master restarted the wedged server)' : ' (by itself)'}`,
        available ? `"jetstream-available" ${available.at - freed} ms after` : 'no jetstream-available event seen',
      ].join('; '),
    };
  } finally {
    for (const nc of conns) await closeConnection(nc).catch(() => {});
    await side?.stop();
    await unmount();
  }
}
