// A restarted master adopts the instances its predecessor launched. The records it cannot adopt
// are said in the log, not skipped in silence: one whose pid was never recorded (it was still
// starting) and one whose class has left the catalog. A record whose pid started at another time
// than the one recorded at launch is another process (pid reuse): not adopted, never signalled.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Kvm } from '@nats-io/kv';
import { eventually, manifest, processAlive, startMasterFixture, writeManifest, type MasterFixture } from './testing.js';
import { processStartTicks } from '../util/process.js';
import { buckets } from '../../shared/naming.js';
import type { Logger } from '../../shared/ports.js';

const record = (serviceClass: string, pid: number | null, startTicks?: number) => ({
  serviceClass,
  pid,
  ...(startTicks !== undefined ? { startTicks } : {}),
  runId: 'r-1',
  status: pid === null ? 'starting' : 'activated',
  kvBucket: 'kv_f8_x',
  restartPolicy: 'never',
  restarts: 0,
  launchedBy: 'master',
  updatedAt: Date.now(),
  lastSeenAt: null,
  failCount: 0,
});

describe('adopting after a master restart', () => {
  let f: MasterFixture | undefined;
  let stranger: ChildProcess | undefined;
  afterEach(async () => {
    stranger?.kill('SIGKILL');
    await f?.stop();
  });

  it('logs each record it does not adopt and why', async () => {
    f = await startMasterFixture();
    stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    const kv = await new Kvm(f.client).open(buckets.instances);
    await kv.put('nopid', JSON.stringify(record('t.gone', null)));
    await kv.put('noclass', JSON.stringify(record('t.gone', stranger.pid!)));
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    await f.restartMaster({ log });
    expect(lines.find((l) => l.includes('nopid'))).toMatch(/not adopting nopid: its record has no pid/);
    expect(lines.find((l) => l.includes('noclass'))).toMatch(new RegExp(`not adopting noclass \\(pid ${stranger.pid}\\): its class 't.gone' is not in the catalog`));
    expect(stranger.exitCode).toBeNull(); // a process it does not supervise is left alone
  });

  it('a recorded pid with the instance marker but another start time is not adopted, and a graceful stop leaves it alone', async () => {
    f = await startMasterFixture({
      setup: async (dir) => {
        await writeManifest(dir, 'sleep', manifest('t.sleep', { launch: { command: '${node}', args: ['-e', 'setInterval(() => {}, 1000)'] }, stateFields: [] }));
      },
    });
    // the instance's own environment marker, as a process that reused the pid could carry
    stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', env: { ...process.env, F8_SERVICE_ID: 'reused' } });
    const pid = stranger.pid!;
    const ticks = await eventually(() => processStartTicks(pid), 'the start time readable');
    const kv = await new Kvm(f.client).open(buckets.instances);
    await kv.put('reused', JSON.stringify(record('t.sleep', pid, ticks - 1)));
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    await f.restartMaster({ log });
    expect(lines.some((l) => l.includes(`instance reused: pid ${pid} is another process now`))).toBe(true);
    await eventually(() => !f!.master.launcher.isRunning('reused'), 'counted as ended');
    await f.master.stop({ stopInstances: true });
    expect(processAlive(pid)).toBe(true); // never signalled
  });
});
