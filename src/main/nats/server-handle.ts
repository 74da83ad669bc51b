// The handle of a running nats-server (started or adopted): its URLs with each identity's
// credentials, the store's size limit, new grants written and reloaded, and its stop.
import fs from 'node:fs';
import { instancePassword, loadOrCreateSecrets, withCredentials, withUser, type NatsSecrets } from './secrets.js';
import { instanceUser, type InstanceGrant } from './accounts.js';
import { accountNames, readQuiet, reloadConfig, renderConfig, type NatsPaths, type ServerRecord } from './config.js';
import { freeBytes, writeFileIfChanged } from './disk.js';
import { isOurServer, stopServer } from './server-process.js';

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

const DEFAULT_STOP_TIMEOUT_MS = 5_000;

export function makeHandle(p: NatsPaths, record: ServerRecord, reused: boolean, log: (line: string) => void): EmbeddedNats {
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
