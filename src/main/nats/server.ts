// The embedded nats-server: started detached from a generated config in the data dir, its
// output appended to a log file (never a pipe, so it outlives a crashed master), its pid and
// ports recorded in server.json so the next master adopts it, and a restarted server keeps
// the ports it had so clients reconnect.
// This module adopts a live server or starts one: starting is server-launch.ts, the handle on
// a running server server-handle.ts, its process (is it ours, reaping, stopping) server-process.ts.
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
import fs from 'node:fs';
import path from 'node:path';
import { findNatsServer, NatsServerNotFoundError, unusableReason } from './find-binary.js';
import { commandLine, isAlive } from '../util/process.js';
import { hasAccounts, natsPaths, PORT_KEYS, type NatsPaths, type ServerRecord } from './config.js';
import { listPortsFilePids, logTail, portsFilePath, readPortsFile, readRecord, rmQuiet, samePorts, waitHealthy, withLock, writeRecord } from './disk.js';
import type { InstanceGrant } from './accounts.js';
import { makeHandle, type EmbeddedNats } from './server-handle.js';
import { choosePorts, launch, NatsStartError } from './server-launch.js';
import { isOurServer } from './server-process.js';

export { MAX_PAYLOAD, natsPaths, renderConfig, SERVER_NAME, type NatsPaths, type NatsPorts, type ServerRecord } from './config.js';
export { logTail, readRecord } from './disk.js';
export { isOurServer } from './server-process.js';
export type { EmbeddedNats } from './server-handle.js';

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

const DEFAULT_READY_TIMEOUT_MS = 10_000;

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

function resolveBinary(opts: EmbeddedNatsOptions): string {
  if (opts.binary === undefined) return findNatsServer(opts.env ? { env: opts.env } : {});
  const file = path.resolve(opts.binary);
  const why = unusableReason(file);
  if (why) throw new NatsServerNotFoundError([`${file} (${why}; given as the binary option)`]);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Adopting a live server

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
