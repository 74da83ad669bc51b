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
import { fillDisk, kvProbe, lineAt, sideCleanups, sideMaster, sleep, until } from './harness.js';

const FULL_S = Number(process.env.F8_FAULT_FULL_S ?? 30);
const SEQ = 'fault.bus.seq';

/** A tmpfs of 64 MiB at a fresh directory, or null where mounting needs root; its unmount is registered for the suite's cleanup. */
function mountSmallDisk(): { dir: string; unmount(): Promise<void> } | null {
  const dir = mkdtempSync(join(tmpdir(), 'f8-faults-busdisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const unmount = async (): Promise<void> => {
    sideCleanups.delete(unmount);
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      /* gone */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  sideCleanups.add(unmount);
  return { dir, unmount };
}

interface Traffic {
  got: { seq: number; at: number }[];
  events: { at: number; kind: string; message: string }[];
  sentAt: number[];
  sent(): number;
  stop(): void;
}

/** A publisher of sequence numbers at ~1k msg/s, a subscriber recording what arrives, and the system events. */
async function startTraffic(pub: NatsConnection, sub: NatsConnection): Promise<Traffic> {
  const got: Traffic['got'] = [];
  sub.subscribe(SEQ, { callback: (_e, m) => void got.push({ seq: Number(new TextDecoder().decode(m.data)), at: Date.now() }) });
  const events: Traffic['events'] = [];
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
    pub.publish(SEQ, String(seq++));
  }, 1);
  return { got, events, sentAt, sent: () => seq, stop: () => clearInterval(publisher) };
}

/** What the subscriber missed of what was sent while full and after, and the longest pause in delivery while full. */
function losses(t: Traffic, t0: number, seqAtFree: number, freed: number): { lostFull: number; sentFull: number; lostAfter: number; sentAfter: number; gapFull: number } {
  const seen = new Set(t.got.map((g) => g.seq));
  const firstFull = t.sentAt.findIndex((at) => at >= t0);
  let lostFull = 0;
  for (let s = firstFull; s < seqAtFree; s++) if (!seen.has(s)) lostFull++;
  let lostAfter = 0;
  for (let s = seqAtFree; s < t.sent(); s++) if (!seen.has(s)) lostAfter++;
  let gapFull = 0;
  const arrivals = [t0, ...t.got.filter((g) => g.at >= t0 && g.at <= freed).map((g) => g.at), freed];
  for (let i = 1; i < arrivals.length; i++) gapFull = Math.max(gapFull, arrivals[i]! - arrivals[i - 1]!);
  return { lostFull, sentFull: seqAtFree - firstFull, lostAfter, sentAfter: t.sent() - seqAtFree, gapFull };
}

/** While the disk is full: how many of the master's pings it answered. */
async function pingWhileFull(ping: () => Promise<boolean>, until: number): Promise<{ pings: number; ok: number }> {
  let pings = 0;
  let ok = 0;
  while (Date.now() < until) {
    pings++;
    if (await ping()) ok++;
    await sleep(500);
  }
  return { pings, ok };
}

export async function busOnFullDisk(): Promise<Row> {
  const name = `the data dir's disk full for ${FULL_S} s (core pub/sub at 1k msg/s, a KV probe)`;
  const disk = mountSmallDisk();
  if (!disk) return { fault: name, detectMs: null, recoverMs: null, lost: '-', unackedMissing: '-', duplicates: 0, notes: 'skipped: cannot mount a tmpfs here (needs root)' };
  const conns: NatsConnection[] = [];
  let side: Awaited<ReturnType<typeof sideMaster>> | null = null;
  try {
    const dir = join(disk.dir, 'd'); // the data dir proper, on the tmpfs
    mkdirSync(dir);
    side = await sideMaster(dir);
    const { master } = side;
    const conn = async (n: string) => {
      const nc = await connectNode(master.natsUrl, { name: n });
      conns.push(nc);
      return nc;
    };
    const traffic = await startTraffic(await conn('bus-pub'), await conn('bus-sub'));
    const natsPid = () => readRecord(natsPaths(dir).serverJson)?.pid ?? 0;
    const mc = await connectMaster(master.natsUrl, 'bus-master-ping');
    conns.push(mc.nc);
    const ping = () =>
      mc.call('ping', { clientId: mc.clientId }, { attempts: 1, timeoutMs: 1_000 }).then(
        () => true,
        () => false,
      );
    const put = kvProbe(await new Kvm(await conn('bus-kv')).create('kv_fault_bus'), 4096);
    await until(async () => ((await put()) ? true : null), 'a first KV write', 30_000);
    await sleep(1_000);

    const pid0 = natsPid();
    const t0 = Date.now();
    const filler = fillDisk(disk.dir);
    // a KV write now fails (or times out: the 2.9.10 store wedges)
    const detect = await until(async () => ((await put()) ? null : Date.now()), 'a KV write failing on the full disk', 30_000).catch(() => null);
    // does the master itself answer meanwhile (its verbs over its own connection)?
    const pinged = await pingWhileFull(ping, t0 + FULL_S * 1_000);
    const pidFull = natsPid();
    const seqAtFree = traffic.sent();
    rmSync(filler);
    const freed = Date.now();
    const back = await until(async () => ((await put()) ? Date.now() : null), 'KV writes working again', 90_000, 200).catch(() => null);
    await sleep(2_000);
    traffic.stop();
    await sleep(500);

    const l = losses(traffic, t0, seqAtFree, freed);
    const restarted = lineAt(master, /nats-server: restarted as pid/, t0);
    const unavailable = traffic.events.find((e) => e.kind === 'jetstream-unavailable' && e.at >= t0);
    const available = traffic.events.find((e) => e.kind === 'jetstream-available' && e.at >= t0);
    if (process.env.F8_FAULT_DEBUG) {
      for (const x of master.lines.filter((y) => y.at >= t0 - 1_000 && /nats/i.test(y.text))) console.log(`  ${x.at - t0} ms: ${x.text.slice(0, 220)}`);
      for (const e of traffic.events) console.log(`  event ${e.at - t0} ms: ${e.kind}: ${e.message.slice(0, 160)}`);
    }
    // killed while full: a restart begun before the space was freed (server.json may still name the dead pid)
    const killedAt = master.lines.find((x) => x.at >= t0 && x.at < freed && /nats-server: .*starting it again/.test(x.text))?.at ?? null;
    const kept = killedAt === null && pidFull === pid0;
    return {
      fault: name,
      detectMs: detect === null ? null : detect - t0,
      recoverMs: back === null ? null : back - t0,
      lost: `${l.lostFull} of ${l.sentFull} while full, ${l.lostAfter} of ${l.sentAfter} after (core at-most-once)`,
      unackedMissing: '-',
      duplicates: 0,
      notes: [
        kept
          ? `nats-server kept while full (pid ${pid0})`
          : `FAILED: nats-server killed while the disk was full (${killedAt === null ? `pid ${pid0} -> ${pidFull}` : `${killedAt - t0} ms after the fill`})`,
        `longest pause in delivery while full ${l.gapFull} ms`,
        `the master answered ${pinged.ok}/${pinged.pings} pings while full`,
        unavailable ? `"jetstream-unavailable" on ${subjects.systemEvents} ${unavailable.at - t0} ms after the fill` : 'no jetstream-unavailable event seen',
        back === null
          ? 'FAILED: KV writes did not work again'
          : `KV writes work again ${back - freed} ms after the space was freed${restarted ? ' (the master restarted the wedged server)' : ' (by itself)'}`,
        available ? `"jetstream-available" ${available.at - freed} ms after` : 'no jetstream-available event seen',
      ].join('; '),
    };
  } finally {
    for (const nc of conns) await closeConnection(nc).catch(() => {});
    await side?.stop();
    await disk.unmount();
  }
}
