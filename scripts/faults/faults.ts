// The faults, each measured against a running pipe: fault.source (1k msg/s, sequence numbers)
// -> queue edge -> f8.recorder (appends each message to a file). A row says how long the
// system took to notice (detect) and to have data flowing end to end again (recover, both from
// the moment of the fault), how many messages the fault lost (core NATS is at-most-once: they
// are counted, not hidden), how many lines the recorder acknowledged that are not in its file,
// and the most processes seen at once for one instanceId beyond the first.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { buckets, keys, NATS_USERS, subjects } from '../../src/shared/naming.js';
import type { ServiceGraph, StateEntry } from '../../src/shared/types.js';
import type { MasterClient } from '../../src/cli/client.js';
import { natsPaths, readRecord } from '../../src/main/nats/server.js';
import { readSecrets } from '../../src/main/nats/secrets.js';
import { client, cmd, deploy, lineAt, lostIn, recordedSeqs, records, sleep, startMaster, until, watchDuplicates, type MasterProcess } from './harness.js';

export interface Row {
  fault: string;
  detectMs: number | null;
  recoverMs: number | null;
  lost: string;
  unackedMissing: number | string;
  duplicates: number;
  notes: string;
}

export interface Env {
  dataDir: string;
  master: MasterProcess;
  c: MasterClient;
  file: string;
  /** Swaps in a new master process (after a kill). */
  restartMaster(): Promise<void>;
}

export function pipeGraph(rateHz = 1000, queueSize = 1024): ServiceGraph {
  return {
    schemaVersion: 'f8studio-graph/1',
    graphId: 'faults',
    nodes: [
      { nodeId: 'src', kind: 'service', serviceClass: 'fault.source', state: { rateHz } },
      { nodeId: 'rec', kind: 'service', serviceClass: 'f8.recorder' },
    ],
    edges: [{ edgeId: 'src-rec', kind: 'data', from: { nodeId: 'src', port: 'seq' }, to: { nodeId: 'rec', port: 'value' }, strategy: 'queue', queueSize }],
  } as ServiceGraph;
}

/** Waits until the file has grown past `count` lines after `since`; the time it did. */
async function flowingAfter(env: Env, since: number, timeoutMs = 90_000): Promise<number> {
  const base = recordedSeqs(env.file).seqs.length;
  let last = base;
  return until(
    () => {
      const n = recordedSeqs(env.file).seqs.length;
      const grew = n > last && Date.now() >= since;
      last = n;
      return grew ? Date.now() : null;
    },
    'data flowing into the recording again',
    timeoutMs,
    25,
  );
}

async function unacked(env: Env): Promise<number> {
  const kv = await new Kvm(env.c.nc).open(buckets.instance('rec'));
  const e = await kv.get(keys.state('rec', 'lines'));
  const counted = e && e.length ? ((JSON.parse(new TextDecoder().decode(e.value)) as StateEntry).value as number) : 0;
  const inFile = recordedSeqs(env.file).seqs.length;
  // `lines` counts since the last start; the file holds every recording of this suite
  return Math.max(0, counted - inFile);
}

async function measured(env: Env, name: string, policy: string, run: (t0: number) => Promise<{ detect: number | null; resumeFrom: number; notes?: string }>): Promise<Row> {
  const before = recordedSeqs(env.file).seqs.length;
  const dups = watchDuplicates(env.dataDir);
  const t0 = Date.now();
  const r = await run(t0);
  const flowing = await flowingAfter(env, r.resumeFrom);
  await sleep(1_500); // let the queue drain and the counts settle
  const { seqs, bad } = recordedSeqs(env.file);
  const l = lostIn(seqs, before);
  return {
    fault: name,
    detectMs: r.detect === null ? null : r.detect - t0,
    recoverMs: flowing - t0,
    lost: `${l.lost} of ${l.received + l.lost} (${policy})${l.duplicates ? `, ${l.duplicates} twice` : ''}${bad ? `, ${bad} bad lines` : ''}`,
    unackedMissing: await unacked(env),
    duplicates: dups.stop(),
    notes: r.notes ?? '',
  };
}

const pidOf = async (env: Env, id: string) => (await records(env.c)).find((r) => r.instanceId === id)?.pid ?? null;
const natsPid = (dataDir: string) => readRecord(natsPaths(dataDir).serverJson)?.pid ?? 0;

export async function killInstance(env: Env): Promise<Row> {
  return measured(env, 'kill -9 of an instance under load (the recorder, 1k msg/s queue edge)', 'at-most-once: lost while it is down', async (t0) => {
    const pid = (await pidOf(env, 'rec'))!;
    process.kill(pid, 'SIGKILL');
    const detect = await until(() => lineAt(env.master, /instance rec \(pid \d+\) .*without being asked/, t0), 'the master noticing the exit', 30_000);
    const fresh = await until(
      async () => {
        const r = (await records(env.c)).find((x) => x.instanceId === 'rec');
        return r && r.pid !== pid && r.status === 'activated' ? r.pid : null;
      },
      'the recorder restarted and activated',
      60_000,
    );
    return { detect, resumeFrom: Date.now(), notes: `pid ${pid} -> ${fresh}; it resumed its recording` };
  });
}

export async function killMaster(env: Env): Promise<Row> {
  return measured(env, 'kill -9 of the master', 'data is peer to peer: expect 0', async (t0) => {
    const pids = new Map((await records(env.c)).map((r) => [r.instanceId, r.pid]));
    const grow0 = recordedSeqs(env.file).seqs.length;
    env.master.child.kill('SIGKILL');
    await env.master.exited;
    await sleep(1_000);
    const flowedMeanwhile = recordedSeqs(env.file).seqs.length - grow0;
    await env.restartMaster();
    const back = await until(
      async () => {
        const rs = await records(env.c);
        return rs.length === pids.size && rs.every((r) => r.status === 'activated' && r.pid === pids.get(r.instanceId)) ? Date.now() : null;
      },
      'the new master adopting every instance',
      60_000,
    );
    return {
      detect: null,
      resumeFrom: 0,
      notes: `${flowedMeanwhile} messages recorded in the second without a master; the next master adopted all ${pids.size} instances (same pids) ${back - t0} ms after the kill`,
    };
  });
}

export async function killNats(env: Env): Promise<Row> {
  return measured(env, 'kill -9 of nats-server', 'at-most-once: lost while it is down', async (t0) => {
    const pid = natsPid(env.dataDir);
    process.kill(pid, 'SIGKILL');
    const detect = await until(() => lineAt(env.master, /nats-server \(pid \d+\) is gone/, t0), 'the master noticing nats-server is gone', 30_000);
    const restarted = await until(() => lineAt(env.master, /nats-server: restarted as pid/, t0), 'nats-server restarted', 60_000);
    return { detect, resumeFrom: restarted, notes: `restarted on the same ports (pid ${pid} -> ${natsPid(env.dataDir)})` };
  });
}

export async function freezeNats(env: Env, seconds: number): Promise<Row> {
  return measured(env, `nats-server frozen (SIGSTOP) for ${seconds} s`, 'at-most-once: lost while frozen', async (t0) => {
    const pid = natsPid(env.dataDir);
    process.kill(pid, 'SIGSTOP');
    const end = t0 + seconds * 1_000;
    let restarting: number | null = null;
    while (Date.now() < end && !restarting) {
      restarting = lineAt(env.master, /has not answered/, t0);
      await sleep(50);
    }
    const detect = lineAt(env.master, /\/healthz does not answer/, t0);
    if (!restarting) {
      process.kill(pid, 'SIGCONT');
      return { detect, resumeFrom: Date.now(), notes: 'ridden out: no restart (under the 10 s /healthz limit), clients kept their connections' };
    }
    const restarted = await until(() => lineAt(env.master, /nats-server: restarted as pid/, t0), 'nats-server restarted', 60_000);
    return { detect, resumeFrom: restarted, notes: `killed and restarted after the /healthz limit (pid ${pid} -> ${natsPid(env.dataDir)})` };
  });
}

export async function interruptedDeploy(env: Env): Promise<Row> {
  const t0 = Date.now();
  const dups = watchDuplicates(env.dataDir);
  const history = (await env.c.call('history', { limit: 1 })).deploys[0];
  const recPid = await pidOf(env, 'rec');
  // v2 reconfigures both instances (new rate, new queue size); the recorder dies while it applies
  const killed = new Promise<number>((resolve) => {
    const sub = env.c.nc.subscribe(subjects.deployEvents, {
      callback: (_e, m) => {
        const ev = JSON.parse(new TextDecoder().decode(m.data)) as { instanceId: string; phase: string };
        if (ev.instanceId === 'rec' && ev.phase === 'applying') {
          sub.unsubscribe();
          // at once: its deployOpGraph is on the way
          if (recPid) process.kill(recPid, 'SIGKILL');
          resolve(Date.now());
        }
      },
    });
  });
  const outcome = await deploy(env.c, pipeGraph(900, 512), history?.revision).then(
    (r) => `completed (revision ${r.revision})`,
    (e: unknown) => `rolled back (${(e as { code?: string }).code ?? 'error'}: ${/did not confirm|refused/.exec((e as Error).message)?.[0] ?? 'failed'})`,
  );
  const killedAt = await Promise.race([killed, sleep(30_000).then(() => null)]);
  // consistent: every instance of the stored compilation runs exactly that subgraph
  const consistent = await until(
    async () => {
      const rs = await records(env.c);
      const deployed = await (await new Kvm(env.c.nc).open(buckets.master)).get(keys.graph);
      const compiled = (JSON.parse(new TextDecoder().decode(deployed!.value)) as { compiled: { subgraphs: Record<string, { etag: string }> } }).compiled.subgraphs;
      const ok = Object.entries(compiled).every(([id, sg]) => rs.find((r) => r.instanceId === id && r.status === 'activated' && r.graphEtag === sg.etag && !r.drift));
      return ok ? Date.now() : null;
    },
    'every instance running the stored compilation',
    60_000,
  ).catch(() => null);
  return {
    fault: 'deploy interrupted half way (the recorder killed while applying)',
    detectMs: null,
    recoverMs: consistent === null ? null : consistent - t0,
    lost: '-',
    unackedMissing: await unacked(env),
    duplicates: dups.stop(),
    notes: `${killedAt === null ? 'the recorder was never seen applying (not killed); ' : ''}${outcome}; ${consistent === null ? 'NOT consistent: an instance runs something the graph key does not say' : "the master's graph key matches what every instance runs"}`,
  };
}

export async function leaseRace(env: Env, rounds = 100): Promise<Row> {
  const secrets = readSecrets(env.dataDir)!;
  const url = new URL(env.master.natsUrl);
  url.username = NATS_USERS.editor;
  url.password = secrets.editor;
  const { connectMaster } = await import('../../src/cli/client.js');
  const a = await connectMaster(url.toString(), 'race-a');
  const b = await connectMaster(url.toString(), 'race-b');
  (env.c as { pauseLease?: (p: boolean) => void }).pauseLease?.(true);
  await env.c.call('ping', { clientId: env.c.clientId, release: true });
  let exactlyOne = 0;
  const t0 = Date.now();
  for (let i = 0; i < rounds; i++) {
    const r = await Promise.allSettled([a, b].map((x) => x.call('ping', { clientId: x.clientId }, { attempts: 1 })));
    const winners = r.map((x, j) => (x.status === 'fulfilled' && x.value.holder === [a, b][j]!.clientId ? j : -1)).filter((j) => j >= 0);
    if (winners.length === 1) exactlyOne++;
    for (const j of winners) await [a, b][j]!.call('ping', { clientId: [a, b][j]!.clientId, release: true });
  }
  const ms = Date.now() - t0;
  await a.close();
  await b.close();
  await env.c.call('ping', { clientId: env.c.clientId, takeover: true });
  (env.c as { pauseLease?: (p: boolean) => void }).pauseLease?.(false);
  return {
    fault: `two editors racing for the lease (${rounds} rounds)`,
    detectMs: null,
    recoverMs: null,
    lost: '-',
    unackedMissing: '-',
    duplicates: 0,
    notes: `exactly one holder in ${exactlyOne} of ${rounds} rounds (${(ms / rounds).toFixed(1)} ms a round)`,
  };
}

export async function racingDeploys(env: Env): Promise<Row> {
  const base = (await env.c.call('history', { limit: 1 })).deploys[0]?.revision;
  const r = await Promise.allSettled([deploy(env.c, pipeGraph(1000, 1024), base), deploy(env.c, pipeGraph(950, 1024), base)]);
  const ok = r.filter((x) => x.status === 'fulfilled').length;
  const conflicts = r.filter((x) => x.status === 'rejected' && (x.reason as { code?: string }).code === 'conflict').length;
  // leave the pipe at 1k msg/s for what follows
  const now = (await env.c.call('history', { limit: 1 })).deploys[0]?.revision;
  await deploy(env.c, pipeGraph(1000, 1024), now);
  return {
    fault: 'two deploys at once (same base revision)',
    detectMs: null,
    recoverMs: null,
    lost: '-',
    unackedMissing: await unacked(env),
    duplicates: 0,
    notes: `${ok} applied, ${conflicts} conflict${ok === 1 && conflicts === 1 ? '' : ' (expected 1 and 1)'}`,
  };
}

export async function diskFull(env: Env, mountPoint: string | null): Promise<Row> {
  if (!mountPoint)
    return {
      fault: 'disk full (a small tmpfs under the recordings)',
      detectMs: null,
      recoverMs: null,
      lost: '-',
      unackedMissing: '-',
      duplicates: 0,
      notes: 'skipped: cannot mount a tmpfs here (needs root)',
    };
  const filler = join(mountPoint, 'filler');
  const summary = async () => {
    const e = await (await new Kvm(env.c.nc).open(buckets.instance('rec'))).get(keys.statusSummary);
    return e && e.length ? (JSON.parse(new TextDecoder().decode(e.value)) as { status: string; lastError?: string }) : null;
  };
  let reason = '';
  let freedAt = 0;
  const row = await measured(env, 'disk full (a small tmpfs under the recordings)', 'lost while full: not written, not counted', async () => {
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' });
    } catch {
      // "No space left on device": full
    }
    const detect = await until(async () => ((await summary())?.status === 'error' ? Date.now() : null), 'the recorder reporting error', 30_000);
    reason = (await summary())?.lastError ?? '';
    await sleep(1_000);
    rmSync(filler);
    freedAt = Date.now();
    await until(async () => (await summary())?.status === 'activated', 'the recorder back to activated', 30_000);
    return { detect, resumeFrom: freedAt, notes: '' };
  });
  row.notes = `reported "${reason.slice(0, 60)}..."; writing resumed by itself after the space was freed`;
  return row;
}

export { startMaster, cmd, client };
