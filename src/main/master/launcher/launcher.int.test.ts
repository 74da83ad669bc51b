// Integration tests of the launcher with real processes: small Node scripts written to a temp
// dir, started through the `${node}` placeholder. Every test kills what it started (process
// groups) and removes its temp dir.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { F8Error } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/ports.js';
import { isAlive } from '../../util/process.js';
import { Launcher, type ExitInfo, type LauncherOptions, type LogLine, type SpawnRequest } from './launcher.js';

const TIMEOUT = 60_000;

const SCRIPTS: Record<string, string> = {
  // Prints to both streams, writes its pid, then stays alive; exits 0 when the "stop" file appears.
  'printer.js': `
const fs = require('node:fs');
fs.writeFileSync(process.argv[2], String(process.pid));
console.log('hello from stdout');
console.error('hello from stderr');
process.stdout.write('partial ');
setTimeout(() => process.stdout.write('line done\\n'), 300);
setInterval(() => { if (fs.existsSync(process.argv[3] || '/nonexistent')) process.exit(0); }, 50);
`,
  // Writes its pid, then stays alive (default SIGTERM handling: dies).
  'sleeper.js': `
require('node:fs').writeFileSync(process.argv[2], String(process.pid));
setInterval(() => {}, 1000);
`,
  // Ignores SIGTERM and has a child (same process group) that ignores it too.
  'stubborn.js': `
const { spawn } = require('node:child_process');
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
const gc = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
gc.on('spawn', () => require('node:fs').writeFileSync(process.argv[2], process.pid + ' ' + gc.pid));
setInterval(() => {}, 1000);
`,
  // Appends its pid to a runs file; exits with argv[3] on the first N runs (argv[4], default
  // all), then stays alive.
  'exiter.js': `
const fs = require('node:fs');
const runs = process.argv[2];
fs.appendFileSync(runs, process.pid + '\\n');
const n = fs.readFileSync(runs, 'utf8').trim().split('\\n').length;
const code = Number(process.argv[3]);
const failRuns = process.argv[4] === undefined ? Infinity : Number(process.argv[4]);
if (n <= failRuns) setTimeout(() => process.exit(code), 50);
else setInterval(() => {}, 1000);
`,
  // Prints a tick every 100 ms.
  'ticker.js': `
require('node:fs').writeFileSync(process.argv[2], String(process.pid));
let i = 0;
setInterval(() => console.log('tick ' + i++), 100);
`,
};

interface Captured {
  logger: Logger;
  messages: { level: string; msg: string }[];
}

function captureLogger(): Captured {
  const messages: { level: string; msg: string }[] = [];
  return {
    messages,
    logger: {
      info: (msg) => messages.push({ level: 'info', msg }),
      warn: (msg) => messages.push({ level: 'warn', msg }),
      error: (msg) => messages.push({ level: 'error', msg }),
    },
  };
}

async function waitFor<T>(what: string, fn: () => T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const readText = (file: string): string | undefined => {
  try {
    const t = fs.readFileSync(file, 'utf8').trim();
    return t === '' ? undefined : t;
  } catch {
    return undefined;
  }
};
const readPids = (file: string): number[] => (readText(file) ?? '').split(/\s+/).filter(Boolean).map(Number);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Launcher (real processes)', () => {
  const dirs: string[] = [];
  const launchers: Launcher[] = [];
  const pids = new Set<number>();

  afterEach(async () => {
    await Promise.allSettled(launchers.splice(0).map((l) => l.dispose()));
    for (const pid of pids) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    pids.clear();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup(opts: Partial<LauncherOptions> = {}): {
    dir: string;
    launcher: Launcher;
    cap: Captured;
    published: { id: string; line: LogLine }[];
    exits: ExitInfo[];
    restarts: { id: string; pid: number; attempt: number }[];
  } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-launcher-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'svc'));
    for (const [name, text] of Object.entries(SCRIPTS)) fs.writeFileSync(path.join(dir, 'svc', name), text);
    const cap = captureLogger();
    const published: { id: string; line: LogLine }[] = [];
    const launcher = new Launcher({
      logDir: path.join(dir, 'logs'),
      log: cap.logger,
      publishLog: (id, line) => published.push({ id, line }),
      tailIntervalMs: 50,
      killAfterMs: 1000,
      backoff: { initialMs: 100, maxMs: 400 },
      ...opts,
    });
    launchers.push(launcher);
    const exits: ExitInfo[] = [];
    const restarts: { id: string; pid: number; attempt: number }[] = [];
    launcher.onExit((info) => exits.push(info));
    launcher.onRestart((id, pid, attempt) => restarts.push({ id, pid, attempt }));
    return { dir, launcher, cap, published, exits, restarts };
  }

  function req(dir: string, instanceId: string, script: string, args: string[], restartPolicy: SpawnRequest['restartPolicy'] = 'never'): SpawnRequest {
    return {
      instanceId,
      manifestDir: path.join(dir, 'svc'),
      launch: { command: '${node}', args: [script, ...args] },
      env: { F8_SERVICE_ID: instanceId },
      restartPolicy,
    };
  }

  async function start(launcher: Launcher, r: SpawnRequest): Promise<number> {
    const { pid } = await launcher.spawn(r);
    pids.add(pid);
    return pid;
  }

  it(
    'captures stdout and stderr lines with their stream, publishes them, and records the script’s own pid',
    async () => {
      const { dir, launcher, published } = setup();
      const pidFile = path.join(dir, 'pid');
      const pid = await start(launcher, req(dir, 'printer', 'printer.js', [pidFile]));
      expect(Number(await waitFor('pid file', () => readText(pidFile)))).toBe(pid);
      expect(launcher.pid('printer')).toBe(pid);
      expect(launcher.isRunning('printer')).toBe(true);
      expect(launcher.instances()).toEqual(['printer']);

      await waitFor('all lines', () => launcher.logs('printer').some((l) => l.text === 'partial line done'));
      const lines = launcher.logs('printer');
      expect(lines).toContainEqual(expect.objectContaining({ stream: 'stdout', text: 'hello from stdout' }));
      expect(lines).toContainEqual(expect.objectContaining({ stream: 'stderr', text: 'hello from stderr' }));
      expect(lines.some((l) => l.text.includes('f8studio: starting'))).toBe(false);
      expect(lines.every((l) => typeof l.ts === 'number' && l.ts > 0)).toBe(true);
      expect(launcher.logs('printer', 1)).toHaveLength(1);
      expect(launcher.stderrTail('printer')).toBe('hello from stderr');
      expect(published.filter((p) => p.id === 'printer').map((p) => [p.line.stream, p.line.text])).toEqual(
        expect.arrayContaining([
          ['stdout', 'hello from stdout'],
          ['stderr', 'hello from stderr'],
          ['stdout', 'partial line done'],
        ]),
      );
      // The files carry the start marker and the output.
      const info = launcher.info('printer');
      expect(info?.running).toBe(true);
      expect(fs.readFileSync(info!.logFiles.stderr, 'utf8')).toMatch(/f8studio: starting printer[\s\S]*hello from stderr/);
      await launcher.stop('printer');
      expect(isAlive(pid)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'stop() calls terminate and waits for the process to exit by itself',
    async () => {
      const { dir, launcher, exits } = setup();
      const pidFile = path.join(dir, 'pid');
      const stopFile = path.join(dir, 'stop-now');
      const pid = await start(launcher, req(dir, 'graceful', 'printer.js', [pidFile, stopFile], 'always'));
      await waitFor('pid file', () => readText(pidFile));
      let called = 0;
      await launcher.stop('graceful', {
        graceMs: 10_000,
        terminate: async () => {
          called++;
          fs.writeFileSync(stopFile, '');
        },
      });
      expect(called).toBe(1);
      expect(isAlive(pid)).toBe(false);
      expect(exits).toEqual([{ instanceId: 'graceful', pid, code: 0, signal: null, requested: true }]);
      expect(launcher.isRunning('graceful')).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'stop() with a terminate that does nothing ends the process with SIGTERM',
    async () => {
      const { dir, launcher, exits } = setup();
      const pidFile = path.join(dir, 'pid');
      const pid = await start(launcher, req(dir, 'sleepy', 'sleeper.js', [pidFile], 'always'));
      await waitFor('pid file', () => readText(pidFile));
      await launcher.stop('sleepy', { graceMs: 300, terminate: async () => {} });
      expect(isAlive(pid)).toBe(false);
      expect(exits).toEqual([{ instanceId: 'sleepy', pid, code: null, signal: 'SIGTERM', requested: true }]);
      // `always` does not undo a requested stop.
      await sleep(800);
      expect(launcher.isRunning('sleepy')).toBe(false);
      expect(exits).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'a process that ignores SIGTERM gets SIGKILL, and its own child (same process group) is gone too',
    async () => {
      const { dir, launcher, exits, cap } = setup();
      const pidFile = path.join(dir, 'pids');
      const pid = await start(launcher, req(dir, 'stubborn', 'stubborn.js', [pidFile]));
      const [self, grandchild] = await waitFor('pids file', () => {
        const p = readPids(pidFile);
        return p.length === 2 ? p : undefined;
      });
      expect(self).toBe(pid);
      pids.add(grandchild!);
      expect(isAlive(grandchild!)).toBe(true);
      await launcher.stop('stubborn', { graceMs: 100, terminate: () => Promise.reject(new Error('no responders')) });
      expect(isAlive(pid)).toBe(false);
      await waitFor('grandchild gone', () => !isAlive(grandchild!), 5000);
      expect(exits).toEqual([{ instanceId: 'stubborn', pid, code: null, signal: 'SIGKILL', requested: true }]);
      expect(cap.messages.some((m) => m.level === 'warn' && m.msg.includes('no responders'))).toBe(true);
      await waitFor('SIGTERM logged', () => launcher.logs('stubborn').some((l) => l.text === 'ignoring SIGTERM'));
    },
    TIMEOUT,
  );

  it(
    'on-failure restarts after exit code 1 (onRestart, new pid)',
    async () => {
      const { dir, launcher, exits, restarts } = setup();
      const runs = path.join(dir, 'runs');
      const first = await start(launcher, req(dir, 'flaky', 'exiter.js', [runs, '1', '1'], 'on-failure'));
      const r = await waitFor('restart', () => restarts[0]);
      pids.add(r.pid);
      expect(r).toEqual({ id: 'flaky', pid: expect.any(Number), attempt: 1 });
      expect(r.pid).not.toBe(first);
      expect(exits[0]).toEqual({ instanceId: 'flaky', pid: first, code: 1, signal: null, requested: false });
      expect(launcher.pid('flaky')).toBe(r.pid);
      await waitFor('second run recorded', () => readPids(runs).length === 2);
      expect(readPids(runs)).toEqual([first, r.pid]);
      expect(launcher.info('flaky')?.restarts).toBe(1);
      await launcher.stop('flaky');
      expect(isAlive(r.pid)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'on-failure does not restart after exit code 0; never does not restart after code 1',
    async () => {
      const { dir, launcher, exits, restarts } = setup();
      const runsA = path.join(dir, 'runs-a');
      const runsB = path.join(dir, 'runs-b');
      await start(launcher, req(dir, 'clean', 'exiter.js', [runsA, '0'], 'on-failure'));
      await start(launcher, req(dir, 'never', 'exiter.js', [runsB, '1'], 'never'));
      await waitFor('both exits', () => exits.length === 2);
      await sleep(1000); // well beyond the 100 ms backoff
      expect(restarts).toEqual([]);
      expect(readPids(runsA)).toHaveLength(1);
      expect(readPids(runsB)).toHaveLength(1);
      expect(launcher.isRunning('clean')).toBe(false);
      expect(launcher.info('clean')?.restartPending).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'always restarts after exit code 0, but not after stop()',
    async () => {
      const { dir, launcher, exits, restarts } = setup();
      const runs = path.join(dir, 'runs');
      const first = await start(launcher, req(dir, 'always', 'exiter.js', [runs, '0', '1'], 'always'));
      const r = await waitFor('restart', () => restarts[0]);
      pids.add(r.pid);
      expect(exits[0]).toMatchObject({ pid: first, code: 0, requested: false });
      await waitFor('second run recorded', () => readPids(runs).length === 2);
      await launcher.stop('always');
      expect(exits[1]).toMatchObject({ pid: r.pid, requested: true });
      await sleep(1000);
      expect(restarts).toHaveLength(1);
      expect(launcher.isRunning('always')).toBe(false);
      expect(readPids(runs)).toHaveLength(2);
    },
    TIMEOUT,
  );

  it(
    'stop() cancels a pending automatic restart',
    async () => {
      const { dir, launcher, exits, restarts } = setup({ backoff: { initialMs: 1000 } });
      const runs = path.join(dir, 'runs');
      await start(launcher, req(dir, 'pending', 'exiter.js', [runs, '1'], 'always'));
      await waitFor('exit', () => exits.length === 1);
      expect(launcher.info('pending')?.restartPending).toBe(true);
      await launcher.stop('pending');
      await sleep(1500);
      expect(restarts).toEqual([]);
      expect(readPids(runs)).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'gives up after maxRestarts automatic restarts',
    async () => {
      const { dir, launcher, exits, restarts, cap } = setup({ backoff: { initialMs: 50, maxMs: 100, maxRestarts: 2 } });
      const runs = path.join(dir, 'runs');
      await start(launcher, req(dir, 'doomed', 'exiter.js', [runs, '3'], 'on-failure'));
      await waitFor('giving up', () => cap.messages.some((m) => m.level === 'error' && m.msg.includes('giving up')));
      await sleep(800);
      for (const p of readPids(runs)) pids.add(p);
      expect(readPids(runs)).toHaveLength(3);
      expect(restarts.map((r) => r.attempt)).toEqual([1, 2]);
      expect(exits.map((e) => e.code)).toEqual([3, 3, 3]);
      expect(launcher.isRunning('doomed')).toBe(false);
      // An explicit spawn starts over.
      await start(launcher, req(dir, 'doomed', 'sleeper.js', [path.join(dir, 'pid')], 'on-failure'));
      expect(launcher.isRunning('doomed')).toBe(true);
      await launcher.stopAll();
      expect(launcher.isRunning('doomed')).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'counts no restart while NATS is down: it waits for NATS and then restarts (issue 12: it gave up against a dead server)',
    async () => {
      let up = false;
      const { dir, launcher, restarts, cap } = setup({ backoff: { initialMs: 50, maxMs: 100, maxRestarts: 1 }, natsUp: () => up });
      const runs = path.join(dir, 'runs');
      // fails its first 3 runs, then stays alive
      await start(launcher, req(dir, 'patient', 'exiter.js', [runs, '1', '3'], 'on-failure'));
      await waitFor('the exit while NATS is down', () => cap.messages.some((m) => m.msg.includes('while NATS is unreachable')));
      await sleep(600);
      expect(readPids(runs)).toHaveLength(1); // nothing restarted against a dead server
      expect(cap.messages.some((m) => m.msg.includes('giving up'))).toBe(false);
      up = true;
      // the exit while NATS was down is not counted: the restart is attempt 0
      await waitFor('a restart once NATS is back', () => readPids(runs).length >= 2);
      for (const p of readPids(runs)) pids.add(p);
      expect(restarts[0]?.attempt).toBe(0);
      await launcher.stopAll();
    },
    TIMEOUT,
  );

  it(
    'restart() stops and starts again with a new pid',
    async () => {
      const { dir, launcher, exits, restarts } = setup();
      const pidFile = path.join(dir, 'pid');
      const first = await start(launcher, req(dir, 'again', 'sleeper.js', [pidFile], 'on-failure'));
      const { pid: second } = await launcher.restart('again', { graceMs: 100 });
      pids.add(second);
      expect(second).not.toBe(first);
      expect(isAlive(first)).toBe(false);
      expect(launcher.pid('again')).toBe(second);
      expect(exits).toEqual([expect.objectContaining({ pid: first, requested: true })]);
      expect(restarts).toEqual([]); // onRestart is for automatic restarts only
      await expect(launcher.spawn(req(dir, 'again', 'sleeper.js', [pidFile]))).rejects.toMatchObject({ code: 'conflict' });
      await launcher.stop('again');
    },
    TIMEOUT,
  );

  it(
    'dispose() leaves the processes running',
    async () => {
      const { dir, launcher } = setup();
      const pid = await start(launcher, req(dir, 'survivor', 'sleeper.js', [path.join(dir, 'pid')], 'always'));
      await launcher.dispose();
      await sleep(500);
      expect(isAlive(pid)).toBe(true); // killed by afterEach
    },
    TIMEOUT,
  );

  it(
    'adopt() tails an existing process from the end of its logs (what it wrote before is in the buffer, not published again) and sees it exit',
    async () => {
      const { dir, launcher, exits, published } = setup();
      const logs = path.join(dir, 'logs');
      fs.mkdirSync(logs, { recursive: true });
      const outFile = path.join(logs, 'adoptee.stdout.log');
      fs.writeFileSync(outFile, 'old line from a previous run\n');
      const fd = fs.openSync(outFile, 'a');
      const pidFile = path.join(dir, 'pid');
      // Started the way a previous master would have: detached, output to the log file, its id in the environment.
      const child = spawn(process.execPath, [path.join(dir, 'svc', 'ticker.js'), pidFile], { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, F8_SERVICE_ID: 'adoptee' } });
      fs.closeSync(fd);
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid!));
        child.once('error', reject);
      });
      pids.add(pid);
      await waitFor('pid file', () => readText(pidFile));

      launcher.adopt(req(dir, 'adoptee', 'ticker.js', [pidFile], 'never'), pid);
      expect(launcher.pid('adoptee')).toBe(pid);
      expect(launcher.info('adoptee')?.adopted).toBe(true);
      await waitFor('ticks', () => launcher.logs('adoptee').filter((l) => l.text.startsWith('tick')).length >= 2);
      expect(launcher.logs('adoptee')[0]?.text).toBe('old line from a previous run');
      expect(published.some((p) => p.id === 'adoptee' && p.line.stream === 'stdout')).toBe(true);
      expect(published.some((p) => p.line.text.startsWith('old line'))).toBe(false);

      process.kill(pid, 'SIGKILL'); // dies without being asked
      await waitFor('exit', () => exits[0]);
      expect(exits[0]).toEqual({ instanceId: 'adoptee', pid, code: null, signal: null, requested: false });
      expect(launcher.isRunning('adoptee')).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'stop() ends an adopted process (process group)',
    async () => {
      const { dir, launcher, exits } = setup();
      const pidFile = path.join(dir, 'pid');
      const child = spawn(process.execPath, [path.join(dir, 'svc', 'sleeper.js'), pidFile], { detached: true, stdio: 'ignore', env: { ...process.env, F8_SERVICE_ID: 'adopted2' } });
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid!));
        child.once('error', reject);
      });
      pids.add(pid);
      child.unref();
      await waitFor('pid file', () => readText(pidFile));
      launcher.adopt(req(dir, 'adopted2', 'sleeper.js', [pidFile], 'always'), pid);
      await launcher.stop('adopted2', { graceMs: 100, terminate: async () => {} });
      await waitFor('gone', () => !isAlive(pid), 5000);
      expect(exits).toEqual([{ instanceId: 'adopted2', pid, code: null, signal: null, requested: true }]);
    },
    TIMEOUT,
  );

  it(
    'spawn of a missing command or cwd rejects with a message naming it',
    async () => {
      const { dir, launcher } = setup();
      const base = req(dir, 'broken', 'sleeper.js', []);
      const missing = launcher.spawn({ ...base, launch: { command: 'f8-no-such-command-xyz', args: [] } });
      await expect(missing).rejects.toBeInstanceOf(F8Error);
      await expect(missing).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('f8-no-such-command-xyz') });
      await expect(launcher.spawn({ ...base, launch: { command: './nope.sh' } })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringContaining(path.join(dir, 'svc', 'nope.sh')),
      });
      await expect(launcher.spawn({ ...base, launch: { command: '${node}', cwd: 'no-such-dir' } })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringContaining(path.join(dir, 'svc', 'no-such-dir')),
      });
      await expect(launcher.spawn({ ...base, instanceId: 'Bad/Id' })).rejects.toMatchObject({ code: 'invalid' });
      expect(launcher.instances()).toEqual([]);
      await expect(launcher.stop('broken')).rejects.toMatchObject({ code: 'not-found' });
    },
    TIMEOUT,
  );

  it(
    'passes the environment and resolves cwd relative to the manifest folder',
    async () => {
      const { dir, launcher } = setup();
      fs.mkdirSync(path.join(dir, 'svc', 'work'));
      const r: SpawnRequest = {
        instanceId: 'envy',
        manifestDir: path.join(dir, 'svc'),
        launch: {
          command: '${node}',
          args: ['-e', 'console.log([process.cwd(), process.env.FROM_MANIFEST, process.env.F8_SERVICE_ID, process.env.SHARED].join("|"))'],
          env: { FROM_MANIFEST: 'm', SHARED: 'manifest' },
          cwd: 'work',
        },
        env: { F8_SERVICE_ID: 'envy', SHARED: 'master' },
        restartPolicy: 'never',
      };
      await start(launcher, r);
      const line = await waitFor('output', () => launcher.logs('envy').find((l) => l.stream === 'stdout'));
      expect(line.text).toBe([fs.realpathSync(path.join(dir, 'svc', 'work')), 'm', 'envy', 'master'].join('|'));
    },
    TIMEOUT,
  );
});
