// The one start-up of the backend, used by `f8 master`, `f8 run` and the desktop app: data-dir
// checks, the master lock, the supervised nats-server (its secrets and WebSocket origins), the
// master (services folders, operator runtime modules, system events), the editor's web server on
// its recorded port, and an ordered stop. Entry points parse their options and call startHost;
// they never start nats-server, take the lock or build a Master themselves (a lint rule says so).
// This module never imports electron.
import { join } from 'node:path';
import type { Logger } from '../shared/ports.js';
import { NatsServerNotFoundError } from '../main/nats/server.js';
import { startSupervisedNats, type SupervisedNats } from '../main/nats/supervisor.js';
import { Master } from '../main/master/master.js';
import { redactUrl } from '../bus/connection.js';
import { dataDirProblem, makePrivateDirs, warnDataDirExposure } from './data-dir.js';
import { acquireMasterLock, type MasterLock } from './lock.js';
import { serveEditor, type WebServer } from './web.js';
import { editorOrigins, editorPort, editorUrl } from './web-port.js';
import { Undo } from './undo.js';
import { startGateway, type Gateway } from './gateway/server.js';
import { loadOrCreateGatewayToken } from './gateway/token.js';
import { NATS_USERS } from '../shared/naming.js';

/** How launched services are run: `${node}` in a manifest is `execPath`, with `env` added. */
export interface LauncherRuntime {
  execPath: string;
  env?: Record<string, string>;
}

/** The data dir's folders of instance logs and of the files instances write (recordings). */
const LOG_DIR = 'logs';
const FILES_DIR = 'recordings';

export type HostFailure = 'data-dir' | 'locked' | 'nats-not-found' | 'nats' | 'master' | 'web' | 'gateway' | 'aborted';

/** Why the backend did not start: `kind` lets a front end explain it (the desktop's failure page). */
export class HostStartError extends Error {
  constructor(
    readonly kind: HostFailure,
    message: string,
    readonly detail: { holder?: MasterLock; cause?: unknown } = {},
  ) {
    super(message, detail.cause ? { cause: detail.cause } : undefined);
    this.name = 'HostStartError';
  }
}

export interface HostOptions {
  dataDir: string;
  /** Services folders in search order (built-in first). */
  servicesDirs: string[];
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** An external NATS server (F8_NATS_URL): no embedded server, no lock on its store. */
  natsUrl?: string;
  /** That server's WebSocket URL (F8_NATS_WS_URL), for the editor. */
  natsWsUrl?: string;
  /** Serve the editor (a browser or the desktop window loads it from here); `false` for none. */
  web?: { port?: number } | false;
  /** Wait for the web server before startHost resolves (the desktop window needs it). */
  awaitWeb?: boolean;
  maxInstances?: number;
  /**
   * The HTTP gateway (src/host/gateway; off unless given): loopback only, as the editor. A
   * gateway that does not start fails the start-up when `required` (the CLI's --gateway), else it
   * is logged and the rest runs (the desktop's setting).
   */
  gateway?: { port?: number; required?: boolean } | false;
  /** nats-server binary (else F8_NATS_SERVER, PATH, ...); a packaged app passes its bundled one. */
  natsBinary?: string;
  /** How launched services are run (the desktop: its own binary as Node). */
  runtime?: LauncherRuntime;
  /** Supervision intervals (tests and the fault suite shorten them). */
  supervision?: { intervalMs?: number; unhealthyAfterMs?: number };
  /** Aborting stops what was started, in reverse order, and startHost rejects with kind 'aborted'. */
  signal?: AbortSignal;
}

export interface Host {
  readonly dataDir: string;
  readonly master: Master;
  readonly nats: SupervisedNats | null;
  /** The master's connection URL (with its credentials). */
  readonly natsUrl: string;
  /** Without credentials, for display. */
  readonly plainNatsUrl: string;
  /** The WebSocket URL without credentials, or null (an external server without F8_NATS_WS_URL). */
  readonly wsUrl: string | null;
  /** The editor's password on the embedded server. */
  readonly editorToken: string | null;
  /** The HTTP gateway (null: off, or it failed: see the log) and its token. */
  readonly gateway: Gateway | null;
  readonly gatewayToken: string | null;
  /** The editor's web server once listening (null: none, or it failed: see the log). */
  readonly web: Promise<WebServer | null>;
  /** EDITOR_URL: the web server's address with `?nats=` and, with `withToken`, `#token=`. */
  editorUrl(withToken: boolean): Promise<string | null>;
  /** Stops the web server, the master (and its instances), nats-server, then releases the lock. Idempotent. */
  stop(): Promise<void>;
}

/** Supervision intervals from F8_NATS_CHECK_MS and F8_NATS_UNHEALTHY_MS. */
export function natsSupervision(env: NodeJS.ProcessEnv): { intervalMs?: number; unhealthyAfterMs?: number } {
  const n = (v: string | undefined) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
  const intervalMs = n(env.F8_NATS_CHECK_MS);
  const unhealthyAfterMs = n(env.F8_NATS_UNHEALTHY_MS);
  return { ...(intervalMs ? { intervalMs } : {}), ...(unhealthyAfterMs ? { unhealthyAfterMs } : {}) };
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const undo = new Undo(opts.log);
  try {
    return await start(opts, undo);
  } catch (err) {
    await undo.run();
    if (err instanceof HostStartError) throw err;
    throw new HostStartError('master', `the master did not start: ${(err as Error).message}`, { cause: err });
  }
}

/** What every start step needs: the options, the environment, the undo list, and `step` (awaits unless aborted). */
interface StartCtx {
  opts: HostOptions;
  env: NodeJS.ProcessEnv;
  undo: Undo;
  step: <T>(p: Promise<T>) => Promise<T>;
}

type MasterLockHeld = Extract<ReturnType<typeof acquireMasterLock>, { ok: true }>;

async function start(opts: HostOptions, undo: Undo): Promise<Host> {
  const { dataDir, log } = opts;
  /** Awaits a step unless aborted; what the step still starts is undone with the rest. */
  const c: StartCtx = { opts, env: opts.env ?? process.env, undo, step: (p) => abortable(p, opts.signal) };
  checkAbort(opts.signal);
  const lock = takeDataDir(c);
  const external = opts.natsUrl;
  // The editor's port first: the server's WebSocket origins name it, the same for every entry
  // point (a reused nats-server cannot reload its websocket block).
  const requestedPort = opts.web ? opts.web.port : undefined;
  const webPort = external ? (requestedPort ?? 0) : await c.step(editorPort(dataDir, requestedPort, log));
  const nats = external ? null : await startNats(c, webPort);
  const natsUrl = nats?.natsUrl ?? (external as string);
  const master = await startMaster(c, nats, natsUrl);
  const wsUrl = nats?.wsUrl ?? opts.natsWsUrl ?? null;
  const editorToken = nats?.editorToken ?? null;
  // what a second master on this data dir is told (without credentials)
  const lockUrls: Record<string, string> = { NATS_URL: redactUrl(natsUrl), ...(wsUrl ? { NATS_WS_URL: wsUrl } : {}) };
  lock.update(lockUrls);
  const { web } = opts.web !== false && wsUrl ? await serveEditorPages(c, webPort, wsUrl, (url) => lock.update({ ...lockUrls, EDITOR_URL: url })) : { web: Promise.resolve(null) };
  checkAbort(opts.signal);
  const { gateway, gatewayToken } = opts.gateway ? await startGatewayAsked(c, opts.gateway, nats, natsUrl) : { gateway: null, gatewayToken: null };
  checkAbort(opts.signal);

  let stopping: Promise<void> | null = null;
  return {
    dataDir,
    master,
    nats,
    natsUrl,
    plainNatsUrl: nats?.plainNatsUrl ?? redactUrl(natsUrl),
    wsUrl,
    editorToken,
    gateway,
    gatewayToken,
    web,
    async editorUrl(withToken) {
      const w = await web.catch(() => null);
      return w && wsUrl ? editorUrl(w.url, wsUrl, withToken ? (editorToken ?? undefined) : undefined) : null;
    },
    stop() {
      stopping ??= undo.run();
      return stopping;
    },
  };
}

/** Checks the data dir, takes its master lock and makes its private folders. */
function takeDataDir({ opts, undo }: StartCtx): MasterLockHeld {
  const { dataDir, log } = opts;
  const bad = dataDirProblem(dataDir);
  if (bad) throw new HostStartError('data-dir', bad);
  const lock = acquireMasterLock(dataDir);
  if (!lock.ok) {
    const h = lock.holder;
    throw new HostStartError('locked', `another master (pid ${h.pid}, since ${h.startedAt || 'unknown'}) runs on the data dir ${dataDir}`, { holder: h });
  }
  undo.push('the master lock', async () => lock.release());
  // private: credentials (nats/), instance logs, recordings; an open data dir is warned about once
  warnDataDirExposure(dataDir, (m) => log.warn(m));
  makePrivateDirs(dataDir, opts.natsUrl ? [LOG_DIR, FILES_DIR] : ['nats', LOG_DIR, FILES_DIR]);
  return lock;
}

/** The embedded nats-server, supervised; its WebSocket origins name the editor's port. */
async function startNats({ opts, env, undo, step }: StartCtx, webPort: number): Promise<SupervisedNats> {
  const { dataDir, log } = opts;
  const starting = startSupervisedNats(
    { dataDir, env, log: (l) => log.info(`nats: ${l}`), allowedOrigins: editorOrigins(webPort), ...(opts.natsBinary ? { binary: opts.natsBinary } : {}) },
    opts.supervision ?? natsSupervision(env),
  );
  undo.push('nats-server', async () => (await starting.catch(() => null))?.stop());
  let nats: SupervisedNats;
  try {
    nats = await step(starting);
  } catch (err) {
    if (err instanceof HostStartError) throw err;
    if (err instanceof NatsServerNotFoundError) throw new HostStartError('nats-not-found', err.message, { cause: err });
    throw new HostStartError('nats', `nats-server did not start: ${(err as Error).message}`, { cause: err });
  }
  log.info(`nats-server pid ${nats.pid}${nats.reused ? ' (reused)' : ''}, log ${nats.logFile}`);
  return nats;
}

async function startMaster({ opts, env, undo, step }: StartCtx, nats: SupervisedNats | null, natsUrl: string): Promise<Master> {
  const { dataDir, log } = opts;
  const starting = Master.start({
    natsUrl,
    ...(nats ? { serviceNatsUrl: nats.serviceNatsUrl, authority: nats } : {}),
    servicesDirs: opts.servicesDirs,
    log,
    ...(opts.maxInstances !== undefined ? { maxInstances: opts.maxInstances } : {}),
    logDir: join(dataDir, LOG_DIR),
    filesDir: join(dataDir, FILES_DIR),
    ...(env.F8_OPERATOR_RUNTIME_MODULES ? { operatorModules: env.F8_OPERATOR_RUNTIME_MODULES } : {}),
    ...(opts.runtime ? { runtime: opts.runtime } : {}),
  });
  undo.push('the master', async () => (await starting.catch(() => null))?.stop({ stopInstances: true }));
  let master: Master;
  try {
    master = await step(starting);
  } catch (err) {
    if (err instanceof HostStartError) throw err;
    throw new HostStartError('master', `the master did not start: ${(err as Error).message}`, { cause: err });
  }
  if (nats) {
    nats.onEvent = (e) => master.publishSystemEvent(e);
    nats.jetStreamProbe = () => master.jetStreamAnswers();
  }
  log.info(`services folders: ${master.catalog.searchDirs.join(', ')}`);
  return master;
}

/**
 * The editor's web server: awaited only with awaitWeb (then a failure fails the start), else a
 * failure is a warning. `served` hears the editor's URL.
 */
async function serveEditorPages({ opts, undo, step }: StartCtx, webPort: number, wsUrl: string, served: (editorUrl: string) => void): Promise<{ web: Promise<WebServer | null> }> {
  const { dataDir, log } = opts;
  const web = serveEditor({ port: webPort, cacheDir: join(dataDir, 'editor'), log }).then(
    (w) => {
      served(editorUrl(w.url, wsUrl));
      return w;
    },
    (err: unknown) => {
      log.warn(`editor not served: ${(err as Error).message}`);
      if (opts.awaitWeb) throw new HostStartError('web', `the editor's web server did not start on 127.0.0.1:${webPort}: ${(err as Error).message}`, { cause: err });
      return null;
    },
  );
  undo.push('the web server', async () => (await web.catch(() => null))?.close());
  if (opts.awaitWeb) await step(web);
  return { web };
}

/** The HTTP gateway, when asked for: a failure fails the start only when it is required. */
async function startGatewayAsked(
  { opts, undo, step }: StartCtx,
  g: Exclude<HostOptions['gateway'], false | undefined>,
  nats: SupervisedNats | null,
  natsUrl: string,
): Promise<{ gateway: Gateway | null; gatewayToken: string | null }> {
  const { dataDir, log } = opts;
  let gatewayToken: string | null = null;
  try {
    gatewayToken = loadOrCreateGatewayToken(dataDir);
    // its own connection, as the editor (the editor's user and password); never the master's
    const as = nats ? { natsUrl: nats.plainNatsUrl, user: NATS_USERS.editor, pass: nats.editorToken } : { natsUrl };
    const starting = startGateway({ ...as, token: gatewayToken, log, ...(g.port !== undefined ? { port: g.port } : {}) });
    undo.push('the HTTP gateway', async () => (await starting.catch(() => null))?.close());
    return { gateway: await step(starting), gatewayToken };
  } catch (err) {
    if (err instanceof HostStartError) throw err;
    const message = `the HTTP gateway did not start on 127.0.0.1:${g.port ?? 0}: ${(err as Error).message}`;
    if (g.required) throw new HostStartError('gateway', message, { cause: err });
    log.warn(message);
    return { gateway: null, gatewayToken };
  }
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new HostStartError('aborted', 'start-up interrupted');
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  checkAbort(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      void p.catch(() => {}); // it may still finish: its undo entry stops what it started
      reject(new HostStartError('aborted', 'start-up interrupted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
