// A full disk under the services' logs and recordings (issue 12: the logger crashed on an
// unhandled ENOSPC and the launcher could not restart anything). Now the affected instances
// stay up and report `error` with the reason, the launcher still starts processes, and writing
// resumes by itself when space returns; no line the recorder acknowledged is missing.
// Needs root to mount a small tmpfs; elsewhere it skips with the reason.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, processAlive, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { dataEdge, makeSubgraph } from '../../sdk/testing.js';
import { call } from '../../shared/client.js';
import { keys, subjects } from '../../shared/naming.js';
import type { InstanceRecord, StateEntry, StatusSummary } from '../../shared/types.js';

const dec = new TextDecoder();
const enc = new TextEncoder();

function mountTmpfs(): { dir: string; why?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'f8-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (err) {
    return { dir, why: `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]}); the disk-full test needs root` };
  }
}

const mounted = mountTmpfs();
if (mounted.why) console.log(`skipped: ${mounted.why}`);

describe.skipIf(!!mounted.why)('a full disk', () => {
  let f: MasterFixture;
  const CLIENT = 'ed-full';
  const disk = mounted.dir;
  const filler = join(disk, 'filler');
  const inst = <P>(id: string, v: Parameters<typeof subjects.instanceVerb>[1], payload: unknown) => call<P>(f.transport, subjects.instanceVerb(id, v), payload, { clientId: CLIENT, timeoutMs: 5000 });
  const kvJson = async <T>(id: string, key: string): Promise<T | undefined> => {
    const e = await (await f.kvm.open(`kv_f8_${id}`)).get(key);
    return e && e.length ? (JSON.parse(dec.decode(e.value)) as T) : undefined;
  };
  const status = (id: string) => kvJson<StatusSummary>(id, keys.statusSummary);
  const fill = () => {
    // fill the tmpfs to the last byte
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' });
    } catch {
      // dd ends with "No space left on device": that is the point
    }
  };

  const withInput = async (serviceClass: string, id: string) => {
    await f.call('startInstance', { serviceClass, instanceId: id }, { clientId: CLIENT, timeoutMs: 40_000 });
    const e = dataEdge('feeder', 'out', id, 'value');
    await f.master.grants.grant([{ instanceId: id, halfEdges: [e.in] }]);
    await inst(id, 'deployOpGraph', { subgraph: makeSubgraph(id, serviceClass, 1, [e.in]), expectedDeployRevision: null });
    await inst(id, 'activate', {});
    const feeder = await f.connectAs('feeder', [e.out]);
    return (value: unknown) => feeder.publish(e.in.subject!, enc.encode(JSON.stringify({ value, ts: Date.now() })));
  };

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000, logDir: join(disk, 'logs'), filesDir: join(disk, 'recordings') } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  }, 60_000);
  afterAll(async () => {
    await f?.stop();
    try {
      execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
    } catch {
      /* not mounted */
    }
    rmSync(disk, { recursive: true, force: true });
  });

  it('the logger and the recorder report error with the reason, stay up, and resume when space returns; no acknowledged record is missing', async () => {
    const toLogger = await withInput('f8.logger', 'flog');
    const toRecorder = await withInput('f8.recorder', 'frec');
    await inst('frec', 'cmd', { command: 'start', params: { path: 'r.jsonl' } });
    const pids = { flog: f.master.registry.get('flog')?.pid, frec: f.master.registry.get('frec')?.pid };
    let n = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 20; i++) {
        n++;
        toLogger(n);
        toRecorder(n);
      }
    }, 20);
    try {
      await eventually(async () => (await kvJson<StateEntry>('frec', keys.state('frec', 'lines')))?.value, 'the recorder counting');
      fill();
      const logErr = await eventually(
        async () => {
          const s = await status('flog');
          return s?.status === 'error' ? s : null;
        },
        'the logger reports error',
        30_000,
      );
      expect(logErr.lastError).toMatch(/ENOSPC/);
      const recErr = await eventually(
        async () => {
          const s = await status('frec');
          return s?.status === 'error' ? s : null;
        },
        'the recorder reports error',
        30_000,
      );
      expect(recErr.lastError).toMatch(/cannot write the recording: ENOSPC/);
      // nobody crashed
      expect(processAlive(pids.flog!)).toBe(true);
      expect(processAlive(pids.frec!)).toBe(true);
      // the launcher still starts processes on the full disk
      const r = await f.call<{ pid: number }>('restartInstance', { instanceId: 'flog' }, { clientId: CLIENT, timeoutMs: 40_000 });
      expect(r.pid).not.toBe(pids.flog);
      // registered: it may already report the full disk (error) when the first value arrives
      await eventually(async () => ['deactivated', 'activated', 'error'].includes(f.master.registry.get('flog')?.status ?? ''), 'the restarted logger registered', 30_000);
      await inst('flog', 'activate', {});

      rmSync(filler);
      const back = await eventually(
        async () => {
          const s = await status('frec');
          return s?.status === 'activated' ? s : null;
        },
        'the recorder back to activated',
        30_000,
      );
      expect(back.lastError).toBeUndefined();
      await eventually(async () => (await status('flog'))?.status === 'activated', 'the logger activated and writing', 30_000);
    } finally {
      clearInterval(pump);
    }
    const stopped = await inst<{ result: { lines: number } }>('frec', 'cmd', { command: 'stop' });
    const written = readFileSync(join(disk, 'recordings', 'frec', 'r.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const complete = written.filter((l) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    });
    // every line the recorder counted (acknowledged) is in the file, whole
    expect(complete.length).toBeGreaterThanOrEqual(stopped.result.lines);
    expect(stopped.result.lines).toBeGreaterThan(0);
    const rec = f.master.registry.get('frec') as InstanceRecord;
    expect(rec.pid).toBe(pids.frec);
    writeFileSync(join(disk, 'ok'), 'space is back');
  }, 120_000);
});
