// The embedded nats-server: started detached from a generated config in the data dir, its
// output appended to a log file (never a pipe, so it outlives a crashed master), its pid and
// ports recorded in server.json so the next master adopts it, and a restarted server keeps
// the ports it had so clients reconnect.
//
// Layout under <dataDir>/nats/:
//   nats-server.conf   generated config
//   nats-server.log    server output (appended)
//   server.json        {pid, binary, conf, ports: {nats, monitoring, websocket}, startedAt}
//   jetstream/         JetStream store (the config's store_dir is <dataDir>/nats: the server
//                      itself appends "jetstream")
//   ports/             ports_file_dir: the server writes nats-server_<pid>.ports there
//   start.lock         held while a master starts or stops the server
//   secrets.json       the users' passwords (0600; secrets.ts), web.json: the editor's port
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findNatsServer, NatsServerNotFoundError, unusableReason } from './find-binary.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandLine, isAlive, isPortFree, waitForExit } from '../util/process.js';
import { instancePassword, loadOrCreateSecrets, withCredentials, withUser, type NatsSecrets } from './secrets.js';
import { ACCOUNT, instanceUser, type InstanceGrant } from './accounts.js';
import { accountNames, hasAccounts, natsPaths, readQuiet, PORT_KEYS, reloadConfig, renderConfig, type NatsPaths, type NatsPorts, type ServerRecord } from './config.js';
import { freeBytes, listPortsFilePids, logTail, portsFilePath, readPortsFile, readRecord, rmQuiet, rotateLog, samePorts, waitHealthy, withLock, writeFileIfChanged, writeRecord } from './disk.js';

export { MAX_PAYLOAD, natsPaths, renderConfig, SERVER_NAME, type NatsPaths, type NatsPorts, type ServerRecord } from './config.js';
export { logTail, readRecord } from './disk.js';

export { findNatsServer, NatsServerNotFoundError } from './find-binary.js';

export interface EmbeddedNatsOptions {
  dataDir: string;
  /** nats-server binary; default: findNatsServer({ env }). */
  binary?: string;
  /** Environment for the binary lookup and the server process; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the server to be ready (ports file + /healthz ok); default 10000. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  /** Origins allowed to open a WebSocket (the editor's pages, e.g. http://127.0.0.1:<web port>). Fixed for the server's life. */
  allowedOrigins?: readonly string[];
  /** The per-instance users to write into a new server's config (a restart keeps the running instances' grants). */
  grants?: readonly InstanceGrant[];
}

export interface EmbeddedNats {
  /** With the master's credentials (user info in the URL; src/bus parses it). */
  natsUrl: string;
  /** Without credentials (for messages and logs). */
  plainNatsUrl: string;
  /** With the services' credentials: what the master hands to launched processes (by environment). */
  serviceNatsUrl: string;
  /** The WebSocket URL without credentials. */
  wsUrl: string;
  /** The editor's password (its user is NATS_USERS.editor). */
  editorToken: string;
  secrets: NatsSecrets;
  /** An instance's own connection URL (its own user; the grant must be set first). */
  instanceUrl(instanceId: string): string;
  /** The bytes JetStream may use for the store (75% of the free disk under it; null: cannot tell). */
  storeBytes(): number | null;
  /** Replaces the per-instance users and reloads nats-server (open connections get the new permissions). */
  setGrants(grants: readonly InstanceGrant[]): Promise<void>;
  monitorUrl: string;
  pid: number;
  /** True when a live server found in the data dir was adopted instead of starting one. */
  reused: boolean;
  logFile: string;
  /** SIGTERM, wait, SIGKILL after timeoutMs (default 5000), then delete server.json. Idempotent. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 10_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

export async function startEmbeddedNats(opts: EmbeddedNatsOptions): Promise<EmbeddedNats> {
  const log = opts.log ?? ((): void => {});
  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  fs.mkdirSync(opts.dataDir, { recursive: true });
  // Real path, so the conf path we look for in /proc/<pid>/cmdline is the one we passed.
  const p = natsPaths(fs.realpathSync(opts.dataDir));
  fs.mkdirSync(p.portsDir, { recursive: true });

  return withLock(p.lock, readyTimeoutMs + 10_000, async () => {
    const adopted = await adoptLive(p, readyTimeoutMs, log);
    if (adopted) return adopted;

    const binary = resolveBinary(opts);
    const previous = readRecord(p.serverJson);
    const ports = await choosePorts(previous?.ports, log);
    try {
      return await launch(p, binary, ports, opts, readyTimeoutMs, log);
    } catch (err) {
      // A recorded port taken between our check and the server's bind: retry once on random ports.
      const fixed = PORT_KEYS.some((k) => ports[k] !== -1);
      if (fixed && err instanceof NatsStartError && /address already in use/i.test(err.logTail)) {
        log('nats-server: a recorded port was taken meanwhile; retrying with random ports');
        return await launch(p, binary, { nats: -1, monitoring: -1, websocket: -1 }, opts, readyTimeoutMs, log);
      }
      throw err;
    }
  });
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

function resolveBinary(opts: EmbeddedNatsOptions): string {
  if (opts.binary === undefined) return findNatsServer(opts.env ? { env: opts.env } : {});
  const file = path.resolve(opts.binary);
  const why = unusableReason(file);
  if (why) throw new NatsServerNotFoundError([`${file} (${why}; given as the binary option)`]);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Adopting a live server

/**
 * Is `pid` the nats-server running our config? Checks /proc/<pid>/cmdline (ps elsewhere) for
 * `-c <conf>` and a binary named nats-server (or the recorded binary).
 */
export function isOurServer(pid: number, conf: string, binary?: string): boolean {
  if (!isAlive(pid)) return false;
  const argv = commandLine(pid);
  if (!argv) return false;
  const [argv0 = '', ...rest] = argv;
  const binaryOk = path.basename(argv0).includes('nats-server') || (binary !== undefined && argv0 === binary);
  return binaryOk && rest.includes(conf);
}

async function adoptLive(p: NatsPaths, readyTimeoutMs: number, log: (line: string) => void): Promise<EmbeddedNats | undefined> {
  const record = readRecord(p.serverJson);
  let candidate: ServerRecord | undefined;
  if (record && isOurServer(record.pid, p.conf, record.binary)) {
    candidate = { ...record, ports: readPortsFile(p, record.pid) ?? record.ports };
  } else {
    // server.json missing or stale: a live server of ours may still have left its ports file.
    for (const pid of listPortsFilePids(p)) {
      if (isOurServer(pid, p.conf)) {
        const ports = readPortsFile(p, pid);
        if (ports) {
          const binary = commandLine(pid)?.[0] ?? 'nats-server';
          candidate = { pid, binary, conf: p.conf, ports, startedAt: record?.pid === pid ? record.startedAt : new Date().toISOString() };
          break;
        }
      } else if (!isAlive(pid)) {
        rmQuiet(portsFilePath(p, pid));
      }
    }
  }
  if (!candidate) {
    if (record) log(`nats-server: recorded pid ${record.pid} is gone; starting a new server`);
    return undefined;
  }
  const pid = candidate.pid;
  const healthy = await waitHealthy(candidate.ports.monitoring, Date.now() + readyTimeoutMs, () => isAlive(pid));
  if (!healthy) {
    if (!isAlive(pid)) {
      log(`nats-server: pid ${pid} exited while being adopted; starting a new server`);
      return undefined;
    }
    throw new NatsStartError(
      `nats-server pid ${pid} is running on ${p.dataDir} but /healthz on port ${candidate.ports.monitoring} does not answer ok; ` +
        `refusing to start a second server on the same store (stop it with: kill ${pid})`,
      logTail(p.log, 0),
    );
  }
  if (!record || record.pid !== pid || !samePorts(record.ports, candidate.ports)) writeRecord(p.serverJson, candidate);
  const handle = makeHandle(p, candidate, true, log);
  if (!hasAccounts(fs.readFileSync(p.conf, 'utf8'))) {
    // an older f8studio's server (one set of users, no accounts): a reload cannot move its
    // buckets into the new layout, so it is stopped and started again on the same ports
    log(`nats-server: pid ${pid} was started by an older f8studio (no accounts); restarting it`);
    await handle.stop();
    writeRecord(p.serverJson, candidate);
    return undefined;
  }
  log(`nats-server: reusing pid ${pid} at ${handle.plainNatsUrl}`);
  return handle;
}

// ---------------------------------------------------------------------------------------------
// Starting a new server

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

async function choosePorts(recorded: NatsPorts | undefined, log: (line: string) => void): Promise<NatsPorts> {
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
function prepareStart(p: NatsPaths, ports: NatsPorts, opts: EmbeddedNatsOptions, log: (line: string) => void): void {
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
function spawnServer(p: NatsPaths, binary: string, opts: EmbeddedNatsOptions): Spawned {
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
  const pid = child.pid;
  if (pid !== undefined) {
    ownChildren.set(pid, child);
    child.once('exit', () => setTimeout(() => ownChildren.delete(pid), 0));
  }
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

async function launch(p: NatsPaths, binary: string, ports: NatsPorts, opts: EmbeddedNatsOptions, readyTimeoutMs: number, log: (line: string) => void): Promise<EmbeddedNats> {
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

// ---------------------------------------------------------------------------------------------
// Stopping

function makeHandle(p: NatsPaths, record: ServerRecord, reused: boolean, log: (line: string) => void): EmbeddedNats {
  let stopping: Promise<void> | undefined;
  const { pid, ports } = record;
  const secrets = loadOrCreateSecrets(p.dataDir);
  const plain = `nats://127.0.0.1:${ports.nats}`;
  return {
    natsUrl: withCredentials(plain, 'master', secrets),
    plainNatsUrl: plain,
    serviceNatsUrl: withCredentials(plain, 'service', secrets),
    editorToken: secrets.editor,
    secrets,
    instanceUrl: (id) => withUser(plain, instanceUser(id), instancePassword(secrets, id)),
    // nats-server's default: JetStream may use 75% of the free disk it found at start
    storeBytes: () => {
      // (nats-server measures the folder it writes, `<store_dir>/jetstream`, which may be a mount of its own)
      const free = freeBytes(fs.existsSync(p.jetstreamDir) ? p.jetstreamDir : p.storeDir);
      return free === null ? null : Math.floor(free * 0.75);
    },
    async setGrants(grants) {
      // nats-server 2.9.10 refuses a reload that changes the listen or websocket blocks: keep them as first written
      const before = accountNames(readQuiet(p.conf));
      const text = renderConfig(p, record.confPorts ?? ports, secrets, record.allowedOrigins ?? [], grants);
      if (!writeFileIfChanged(p.conf, text)) return; // nothing to reload
      fs.chmodSync(p.conf, 0o600);
      // a pid recorded long ago may now be another process: signal only our own server
      if (!isOurServer(pid, p.conf, record.binary)) {
        log(`nats-server: pid ${pid} is no longer our server; the new grants wait for its restart`);
        return;
      }
      await reloadConfig(pid, `http://127.0.0.1:${ports.monitoring}`, log);
      // nats-server 2.9.10 does not wire the imports of an account added by a reload until the next reload
      if (accountNames(text).some((a) => !before.includes(a))) await reloadConfig(pid, `http://127.0.0.1:${ports.monitoring}`, log);
    },
    wsUrl: `ws://127.0.0.1:${ports.websocket}`,
    monitorUrl: `http://127.0.0.1:${ports.monitoring}`,
    pid,
    reused,
    logFile: p.log,
    stop(o = {}) {
      stopping ??= stopServer(p, record, o.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, log).catch((err: unknown) => {
        stopping = undefined; // let a later call retry
        throw err;
      });
      return stopping;
    },
  };
}

/** Servers this process spawned: their exit must be reaped before a stop counts as done. */
const ownChildren = new Map<number, ChildProcess>();

/** Waits (bounded) until Node has reaped our own child, so no zombie outlives stop(). */
async function reaped(pid: number, timeoutMs: number): Promise<void> {
  const child = ownChildren.get(pid);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function stopServer(p: NatsPaths, record: ServerRecord, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const { pid } = record;
  await withLock(p.lock, timeoutMs + 10_000, async () => {
    // Only signal the pid while it is still that server (pids get reused).
    if (isOurServer(pid, p.conf, record.binary)) {
      log(`nats-server: stopping pid ${pid}`);
      signal(pid, 'SIGTERM');
      if (!(await waitForExit(pid, timeoutMs))) {
        log(`nats-server: pid ${pid} did not exit within ${timeoutMs} ms; sending SIGKILL`);
        signal(pid, 'SIGKILL');
        if (!(await waitForExit(pid, 5000))) throw new Error(`nats-server pid ${pid} did not exit after SIGKILL`);
      }
      await reaped(pid, 2000);
    }
    rmQuiet(portsFilePath(p, pid));
    const current = readRecord(p.serverJson);
    if (!current || current.pid === pid) rmQuiet(p.serverJson);
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}
