// Starting a new nats-server: ports (the recorded ones when free), the disk made ready (stale
// ports files gone, an old store moved, the config written, the log rotated), the detached
// spawn with its output appended to the log, and the wait until it is ready (ports file, then
// /healthz ok). A server that does not get there is killed and its log's tail reported.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, isPortFree, waitForExit } from '../util/process.js';
import { loadOrCreateSecrets } from './secrets.js';
import { ACCOUNT, type InstanceGrant } from './accounts.js';
import { PORT_KEYS, renderConfig, type NatsPaths, type NatsPorts, type ServerRecord } from './config.js';
import { listPortsFilePids, logTail, portsFilePath, readPortsFile, rmQuiet, rotateLog, waitHealthy, writeFileIfChanged, writeRecord } from './disk.js';
import { makeHandle, type EmbeddedNats } from './server-handle.js';
import { reaped, trackChild } from './server-process.js';

/** What a start takes from the server's options. */
export interface LaunchOptions {
  env?: NodeJS.ProcessEnv;
  allowedOrigins?: readonly string[];
  grants?: readonly InstanceGrant[];
}

/** Error from a server that exited early or never became ready; carries the log's last lines. */
export class NatsStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(`${message}\n--- last lines of the nats-server log ---\n${logTail || '(empty)'}`);
    this.name = 'NatsStartError';
  }
}

/**
 * Before accounts, the buckets lived in nats-server's global account (`jetstream/$G`); now they
 * live in the control account's (`jetstream/CTL`). Moved once, before the server starts.
 */
function moveStoreToControlAccount(p: NatsPaths, log: (line: string) => void): void {
  const from = path.join(p.jetstreamDir, '$G');
  const to = path.join(p.jetstreamDir, ACCOUNT.control);
  if (!fs.existsSync(from) || fs.existsSync(to)) return;
  fs.renameSync(from, to);
  log(`nats-server: moved the store of an older f8studio from ${from} to ${to}`);
}

export async function choosePorts(recorded: NatsPorts | undefined, log: (line: string) => void): Promise<NatsPorts> {
  const ports: NatsPorts = { nats: -1, monitoring: -1, websocket: -1 };
  if (!recorded) return ports;
  for (const k of PORT_KEYS) {
    const port = recorded[k];
    if (!Number.isInteger(port) || port <= 0 || port > 65535) continue;
    if (await isPortFree(port)) ports[k] = port;
    else log(`nats-server: recorded ${k} port ${port} is taken by another process; using a random port`);
  }
  return ports;
}

/** The disk before a start: stale ports files gone, an old store moved, the config written, the log rotated. */
function prepareStart(p: NatsPaths, ports: NatsPorts, opts: LaunchOptions, log: (line: string) => void): void {
  // Stale ports files of dead servers (after a kill -9) would confuse the adoption scan.
  for (const pid of listPortsFilePids(p)) if (!isAlive(pid)) rmQuiet(portsFilePath(p, pid));
  moveStoreToControlAccount(p, log);
  // an unchanged config is not rewritten: a restart on a full disk needs no space for it
  if (writeFileIfChanged(p.conf, renderConfig(p, ports, loadOrCreateSecrets(p.dataDir), opts.allowedOrigins ?? [], opts.grants ?? []))) log('nats-server: wrote its config');
  fs.chmodSync(p.conf, 0o600); // it holds the passwords
  rotateLog(p.log);
}

/** A spawned server: its child, where its output starts in the log, and how it ended (once it has). */
interface Spawned {
  child: ChildProcess;
  startOffset: number;
  exitInfo: () => string | undefined;
}

/** Spawns nats-server detached with its output appended to the log after a start marker. */
function spawnServer(p: NatsPaths, binary: string, opts: LaunchOptions): Spawned {
  const logFd = fs.openSync(p.log, 'a', 0o600);
  fs.chmodSync(p.log, 0o600); // a log from an older version may be 0644
  let startOffset: number;
  let child: ChildProcess;
  try {
    try {
      fs.writeSync(logFd, `--- f8studio: starting ${binary} -c ${p.conf} at ${new Date().toISOString()} ---\n`);
    } catch {
      /* a full disk: the server starts without the marker line */
    }
    startOffset = fs.fstatSync(logFd).size;
    child = spawn(binary, ['-c', p.conf], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      cwd: p.dir,
      env: opts.env ?? process.env,
    });
  } finally {
    fs.closeSync(logFd); // the child holds its own copy
  }
  let exitInfo: string | undefined;
  child.once('error', (err) => {
    exitInfo ??= `could not be started: ${err.message}`;
  });
  child.once('exit', (code, signal) => {
    exitInfo ??= signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  child.unref();
  if (child.pid !== undefined) trackChild(child.pid, child);
  return { child, startOffset, exitInfo: () => exitInfo };
}

/** Waits for the ports file (listeners bound), then /healthz ok (JetStream included); a server that does not get there is killed. */
async function waitReady(p: NatsPaths, pid: number, s: Spawned, deadline: number, readyTimeoutMs: number): Promise<NatsPorts> {
  const fail = async (why: string): Promise<never> => {
    if (isAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await waitForExit(pid, 2000);
    }
    rmQuiet(portsFilePath(p, pid));
    throw new NatsStartError(`nats-server (pid ${pid}) ${why}`, logTail(p.log, s.startOffset));
  };
  // 1. The ports file appears once the listeners are bound.
  let actual: NatsPorts | undefined;
  while (!actual) {
    if (s.exitInfo() !== undefined || !isAlive(pid)) {
      await reaped(pid, 1000); // so exitInfo says how it ended
      return fail(`${s.exitInfo() ?? 'exited'} before it was ready`);
    }
    actual = readPortsFile(p, pid);
    if (actual) break;
    if (Date.now() >= deadline) return fail(`did not write its ports file within ${readyTimeoutMs} ms`);
    await sleep(20);
  }
  // 2. /healthz answers ok (JetStream included).
  const healthy = await waitHealthy(actual.monitoring, deadline, () => s.exitInfo() === undefined && isAlive(pid));
  if (!healthy) {
    if (s.exitInfo() !== undefined || !isAlive(pid)) {
      await reaped(pid, 1000);
      return fail(`${s.exitInfo() ?? 'exited'} before it was ready`);
    }
    return fail(`did not answer /healthz ok within ${readyTimeoutMs} ms`);
  }
  return actual;
}

export async function launch(p: NatsPaths, binary: string, ports: NatsPorts, opts: LaunchOptions, readyTimeoutMs: number, log: (line: string) => void): Promise<EmbeddedNats> {
  const t0 = Date.now();
  const deadline = t0 + readyTimeoutMs;
  prepareStart(p, ports, opts, log);
  const spawned = spawnServer(p, binary, opts);
  const pid = spawned.child.pid;
  if (pid === undefined) {
    await sleep(0); // let the 'error' event arrive
    throw new NatsStartError(`nats-server ${binary} ${spawned.exitInfo() ?? 'could not be started'}`, logTail(p.log, spawned.startOffset));
  }
  log(`nats-server: started pid ${pid} (${binary}), waiting for it to be ready`);
  const actual = await waitReady(p, pid, spawned, deadline, readyTimeoutMs);
  const record: ServerRecord = {
    pid,
    binary,
    conf: p.conf,
    ports: actual,
    confPorts: { ...ports },
    startedAt: new Date(t0).toISOString(),
    ...(opts.allowedOrigins?.length ? { allowedOrigins: [...opts.allowedOrigins] } : {}),
  };
  try {
    writeRecord(p.serverJson, record);
  } catch (err) {
    // a full disk: the server runs and is ours; a next master finds it by its ports file
    log(`nats-server: could not write ${p.serverJson}: ${(err as Error).message}`);
  }
  const handle = makeHandle(p, record, false, log);
  for (const k of PORT_KEYS) {
    if (ports[k] !== -1 && ports[k] !== actual[k]) log(`nats-server: ${k} port changed from ${ports[k]} to ${actual[k]}`);
  }
  log(`nats-server: ready in ${Date.now() - t0} ms at ${handle.plainNatsUrl} (ws ${handle.wsUrl})`);
  return handle;
}
