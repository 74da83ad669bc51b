// Adoption after a master restart checks that a recorded pid is still the instance (issue 20:
// after a master kill -9 and restart, instances died with no log line and the recorder was not
// restarted). Pids get reused (pid_max 32768 here) and every f8 service has the same command
// line: a record's pid that is another process now must count as the instance's end (restart
// per its policy, with a log line), and must never be signalled. The instance's last lines from
// before are in its buffer, so `logs` shows why it ended. The start time recorded at launch
// tells a reused pid even from a process with the instance's own environment marker.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../shared/ports.js';
import { isAlive, processStartTicks } from '../../util/process.js';
import { Launcher, type ExitInfo, type SpawnRequest } from './launcher.js';
import { instanceIdentity } from './identity.js';

const SLEEPER = "require('node:fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)";

async function sleeper(dir: string, name: string, env: Record<string, string>, logFile?: string): Promise<number> {
  const pidFile = path.join(dir, `${name}.pid`);
  const fd = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, ['-e', SLEEPER, pidFile], { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  if (typeof fd === 'number') fs.closeSync(fd);
  child.unref();
  const pid = await new Promise<number>((ok, fail) => {
    child.once('spawn', () => ok(child.pid!));
    child.once('error', fail);
  });
  for (let i = 0; i < 200 && !fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 25));
  return pid;
}

const until = async (what: string, fn: () => unknown, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('adopting a recorded pid', () => {
  const pids: number[] = [];
  const dirs: string[] = [];
  const launchers: Launcher[] = [];
  afterEach(async () => {
    for (const l of launchers.splice(0)) {
      await l.stopAll().catch(() => {});
      await l.dispose();
    }
    for (const pid of pids.splice(0)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  function setup() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-adopt-id-'));
    dirs.push(dir);
    const messages: string[] = [];
    const log: Logger = { info: (m) => messages.push(m), warn: (m) => messages.push(m), error: (m) => messages.push(m) };
    const launcher = new Launcher({ logDir: path.join(dir, 'logs'), log, tailIntervalMs: 50, backoff: { initialMs: 100 } });
    launchers.push(launcher);
    const exits: ExitInfo[] = [];
    launcher.onExit((e) => exits.push(e));
    const restarts: number[] = [];
    launcher.onRestart((_id, pid) => restarts.push(pid));
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const req = (id: string): SpawnRequest => ({
      instanceId: id,
      manifestDir: dir,
      launch: { command: '${node}', args: ['-e', SLEEPER, path.join(dir, `${id}.restarted.pid`)] },
      env: { F8_SERVICE_ID: id },
      restartPolicy: 'on-failure',
    });
    return { dir, launcher, messages, exits, restarts, req };
  }

  it('tells its own instance from a process that reused the pid, by the environment it was launched with', async () => {
    const { dir } = setup();
    const pid = await sleeper(dir, 'a', { F8_SERVICE_ID: 'rec' });
    pids.push(pid);
    expect(instanceIdentity(pid, { F8_SERVICE_ID: 'rec' })).toBe('same');
    expect(instanceIdentity(pid, { F8_SERVICE_ID: 'other' })).toBe('other');
    expect(instanceIdentity(pid, {})).toBe('unknown');
    process.kill(-pid, 'SIGKILL');
    await until('gone', () => !isAlive(pid));
    expect(['gone', 'unknown']).toContain(instanceIdentity(pid, { F8_SERVICE_ID: 'rec' }));
  });

  it('tells a process that started at another time from the one recorded, whatever its environment says', async () => {
    const { dir } = setup();
    const pid = await sleeper(dir, 'b', { F8_SERVICE_ID: 'rec' });
    pids.push(pid);
    const ticks = processStartTicks(pid)!;
    expect(ticks).toBeGreaterThan(0);
    expect(instanceIdentity(pid, { F8_SERVICE_ID: 'rec' }, ticks)).toBe('same');
    expect(instanceIdentity(pid, { F8_SERVICE_ID: 'rec' }, ticks + 1)).toBe('other');
    expect(instanceIdentity(pid, {}, ticks + 1)).toBe('other');
  });

  it('a recorded pid with the instance marker but another start time: not adopted, never signalled, restarted per policy', async () => {
    const { dir, launcher, messages, exits, restarts, req } = setup();
    // the instance's marker and command line, as a relaunch by someone else (or a fork) would have
    const impostor = await sleeper(dir, 'impostor', { F8_SERVICE_ID: 'rec2' });
    pids.push(impostor);
    const recorded = processStartTicks(impostor)! - 1; // what the master recorded for the instance's own process

    launcher.adopt(req('rec2'), impostor, recorded);
    expect(messages.some((m) => m.includes(`pid ${impostor} is another process now`))).toBe(true);
    expect(launcher.info('rec2')?.startTicks).toBe(recorded);
    await until('the end noticed', () => exits.length === 1);
    expect(exits[0]).toMatchObject({ instanceId: 'rec2', requested: false });
    await until('restarted', () => restarts.length === 1 && launcher.isRunning('rec2'));
    const fresh = launcher.pid('rec2')!;
    pids.push(fresh);
    expect(fresh).not.toBe(impostor);
    expect(launcher.info('rec2')?.startTicks).toBe(processStartTicks(fresh)); // the new process's start time, for its record

    await launcher.stop('rec2', { graceMs: 0 });
    expect(isAlive(fresh)).toBe(false);
    expect(isAlive(impostor)).toBe(true); // never signalled
  });

  it('a recorded pid that is another process now: counted as the end (logged, restarted per policy), the stranger left alone, the old lines in `logs`', async () => {
    const { dir, launcher, messages, exits, restarts } = setup();
    const stranger = await sleeper(dir, 'stranger', { F8_SERVICE_ID: 'someone-else' });
    pids.push(stranger);
    // the instance's log from its previous life, ending with why it went
    fs.writeFileSync(path.join(dir, 'logs', 'recorder.stderr.log'), 'recorder ready\nrecorder NATS connection closed for good; exiting\n');
    const req: SpawnRequest = {
      instanceId: 'recorder',
      manifestDir: dir,
      launch: { command: '${node}', args: ['-e', SLEEPER, path.join(dir, 'recorder.new.pid')] },
      env: { F8_SERVICE_ID: 'recorder' },
      restartPolicy: 'on-failure',
    };

    launcher.adopt(req, stranger);
    expect(messages.some((m) => m.includes(`pid ${stranger} is another process now`))).toBe(true);
    expect(launcher.logs('recorder').map((l) => l.text)).toContain('recorder NATS connection closed for good; exiting');
    await until('the end noticed', () => exits.length === 1);
    expect(exits[0]).toMatchObject({ instanceId: 'recorder', requested: false });
    await until('restarted', () => restarts.length === 1 && launcher.isRunning('recorder'));
    const fresh = launcher.pid('recorder')!;
    pids.push(fresh);
    expect(fresh).not.toBe(stranger);
    expect(instanceIdentity(fresh, { F8_SERVICE_ID: 'recorder' })).toBe('same');

    await launcher.stop('recorder', { graceMs: 0 });
    expect(isAlive(fresh)).toBe(false);
    expect(isAlive(stranger)).toBe(true); // never signalled
  });

  it('a genuine adopted instance is watched and stopped as before', async () => {
    const { dir, launcher, req, exits } = setup();
    const pid = await sleeper(dir, 'own', { F8_SERVICE_ID: 'own' });
    pids.push(pid);
    launcher.adopt(req('own'), pid);
    await new Promise((r) => setTimeout(r, 200));
    expect(launcher.isRunning('own')).toBe(true);
    expect(exits).toEqual([]);
    await launcher.stop('own', { graceMs: 0 });
    expect(isAlive(pid)).toBe(false);
    expect(exits[0]).toMatchObject({ instanceId: 'own', requested: true });
  });

  it('a genuine adopted instance with its recorded start time is watched and stopped', async () => {
    const { dir, launcher, req, exits } = setup();
    const pid = await sleeper(dir, 'own2', { F8_SERVICE_ID: 'own2' });
    pids.push(pid);
    launcher.adopt(req('own2'), pid, processStartTicks(pid));
    await new Promise((r) => setTimeout(r, 200));
    expect(launcher.isRunning('own2')).toBe(true);
    expect(exits).toEqual([]);
    await launcher.stop('own2', { graceMs: 0 });
    expect(isAlive(pid)).toBe(false);
    expect(exits[0]).toMatchObject({ instanceId: 'own2', requested: true });
  });
});
