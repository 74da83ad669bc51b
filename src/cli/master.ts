// `f8 master`: embedded NATS (unless a URL is given) + the headless master, until a signal.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { NatsServerNotFoundError } from '../main/nats/server.js';
import { startSupervisedNats, type SupervisedNats } from '../main/nats/supervisor.js';
import { Master } from '../main/master/master.js';
import { consoleLogger } from '../main/util/log.js';
import { defaultDataDir, servicesDirs } from './paths.js';
import { serveEditor, type WebServer } from './web.js';
import { editorOrigins, editorPort, editorUrl } from './web-port.js';
import { dataDirProblem } from './data-dir.js';
import { acquireMasterLock } from './master-lock.js';
import { redactUrl } from '../bus/connection.js';
import { NATS_USERS } from '../main/nats/secrets.js';
import { takeEarlySignal } from './signals.js';
import { MAX_INSTANCES_PER_GRAPH } from '../shared/limits.js';

function wsWithToken(ws: string, token: string): string {
  const u = new URL(ws);
  u.username = NATS_USERS.editor;
  u.password = token;
  return u.toString().replace(/\/$/, '');
}

export const MASTER_USAGE = `usage: f8 master [--services DIR]... [--nats-url URL] [--data-dir DIR] [--no-web] [--web-port N] [--max-instances N] [--quiet]

Starts the master (catalog, registry, lease, health, launcher, deploy) on an embedded
nats-server, or on the server named by --nats-url / F8_NATS_URL. Prints NATS_URL=... and
NATS_WS_URL=... when ready, then EDITOR_URL=... (the editor for a plain browser; --no-web
turns it off). A graph may hold at most --max-instances service instances (default
${MAX_INSTANCES_PER_GRAPH}: each one is a process). Stops cleanly on SIGINT/SIGTERM: instances, then
nats-server; a nats-server that dies or hangs is started again on the same ports.`;

/** Supervision intervals (F8_NATS_CHECK_MS, F8_NATS_UNHEALTHY_MS: the fault suite shortens them). */
export function natsSupervision(env: NodeJS.ProcessEnv): { intervalMs?: number; unhealthyAfterMs?: number } {
  const n = (v: string | undefined) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
  const intervalMs = n(env.F8_NATS_CHECK_MS);
  const unhealthyAfterMs = n(env.F8_NATS_UNHEALTHY_MS);
  return { ...(intervalMs ? { intervalMs } : {}), ...(unhealthyAfterMs ? { unhealthyAfterMs } : {}) };
}

export async function runMaster(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      services: { type: 'string', multiple: true, default: [] },
      'nats-url': { type: 'string' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'no-web': { type: 'boolean', default: false },
      'max-instances': { type: 'string' },
      'web-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(MASTER_USAGE);
    return 0;
  }
  const log = consoleLogger('master', process.stderr, values.quiet);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const bad = dataDirProblem(dataDir);
  if (bad) {
    console.error(`f8 master: ${bad}`);
    return 1;
  }
  const lock = acquireMasterLock(dataDir);
  if (!lock.ok) {
    const urls = lock.holder.urls ? Object.entries(lock.holder.urls).map(([k, v]) => `\n  ${k}=${v}`).join('') : '';
    console.error(`f8 master: another master (pid ${lock.holder.pid}, since ${lock.holder.startedAt || 'unknown'}) runs on the data dir ${dataDir}; stop it first or pass another --data-dir${urls}`);
    return 1;
  }
  const maxInstances = values['max-instances'] === undefined ? undefined : Number(values['max-instances']);
  if (maxInstances !== undefined && (!Number.isInteger(maxInstances) || maxInstances < 1)) {
    console.error(`f8 master: --max-instances must be a whole number of at least 1, not '${values['max-instances']}'`);
    return 2;
  }
  const externalUrl = values['nats-url'] ?? env.F8_NATS_URL;

  let nats: SupervisedNats | null = null;
  let natsUrl: string;
  let serviceNatsUrl: string | undefined;
  let wsUrl: string | undefined;
  let editorToken: string | undefined;
  // chosen first: the server's WebSocket origins name it (even with --no-web, so they never change)
  const webPort = externalUrl ? (values['web-port'] ? Number(values['web-port']) : 0) : await editorPort(dataDir, values['web-port'] ? Number(values['web-port']) : undefined, log);
  if (externalUrl) {
    natsUrl = externalUrl;
    wsUrl = env.F8_NATS_WS_URL;
    if (!wsUrl) log.warn('F8_NATS_WS_URL is not set: the editor needs the WebSocket URL of that server');
  } else {
    try {
      nats = await startSupervisedNats({ dataDir, env, log: (l) => log.info(`nats: ${l}`), allowedOrigins: editorOrigins(webPort) }, natsSupervision(env));
    } catch (err) {
      if (err instanceof NatsServerNotFoundError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    natsUrl = nats.natsUrl;
    serviceNatsUrl = nats.serviceNatsUrl;
    wsUrl = nats.wsUrl;
    editorToken = nats.editorToken;
    log.info(`nats-server pid ${nats.pid}${nats.reused ? ' (reused)' : ''}, log ${nats.logFile}`);
  }

  let master: Master;
  try {
    master = await Master.start({
      natsUrl,
      ...(serviceNatsUrl ? { serviceNatsUrl } : {}),
      ...(nats ? { authority: nats } : {}),
      servicesDirs: servicesDirs(values.services ?? [], env),
      log,
      ...(maxInstances !== undefined ? { maxInstances } : {}),
      logDir: join(dataDir, 'logs'), filesDir: join(dataDir, 'recordings'),
      ...(env.F8_OPERATOR_RUNTIME_MODULES ? { operatorModules: env.F8_OPERATOR_RUNTIME_MODULES } : {}),
    });
  } catch (err) {
    log.error(`master failed to start: ${(err as Error).message}`);
    await nats?.stop();
    return 1;
  }
  if (nats) {
    nats.onEvent = (e) => master.publishSystemEvent(e);
    nats.jetStreamProbe = () => master.jetStreamAnswers();
  }
  log.info(`services folders: ${master.catalog.searchDirs.join(', ')}`);
  // the lines a person needs: with credentials (nats://user:password@...; nats.js needs them parsed out, src/bus does)
  process.stdout.write(`NATS_URL=${natsUrl}\n`);
  if (wsUrl) process.stdout.write(`NATS_WS_URL=${editorToken ? wsWithToken(wsUrl, editorToken) : wsUrl}\n`);
  // what a second master on this data dir is told (without credentials)
  const lockUrls: Record<string, string> = { NATS_URL: redactUrl(natsUrl), ...(wsUrl ? { NATS_WS_URL: wsUrl } : {}) };
  lock.update(lockUrls);
  let web: WebServer | null = null;
  let webStarting: Promise<void> | null = null;

  const done = new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        log.warn(`${signal} again: exiting now`);
        process.exit(130);
      }
      stopping = true;
      log.info(`${signal}: stopping`);
      void (async () => {
        await webStarting?.catch(() => {});
        await web?.close().catch(() => {});
        try {
          await master.stop({ stopInstances: true });
        } catch (err) {
          log.error(`stopping master: ${(err as Error).message}`);
        }
        try {
          await nats?.stop();
        } catch (err) {
          log.error(`stopping nats-server: ${(err as Error).message}`);
        }
        log.info('stopped');
        lock.release();
        resolveExit(0);
      })();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // a signal during startup (bin/f8.mjs kept it) stops what has started, now that it has
    const early = takeEarlySignal();
    if (early) stop(early);
  });

  // The editor for a plain browser (after the handlers above, so a signal meanwhile is clean).
  if (!values['no-web'] && wsUrl) {
    const ws = wsUrl;
    webStarting = (async () => {
      try {
        web = await serveEditor({ port: webPort, cacheDir: join(dataDir, 'editor'), log });
        // the editor's token in the fragment (never sent to the server; the page keeps it in sessionStorage)
        process.stdout.write(`EDITOR_URL=${editorUrl(web.url, ws, editorToken)}\n`);
        lock.update({ ...lockUrls, EDITOR_URL: editorUrl(web.url, ws) });
      } catch (err) {
        log.warn(`editor not served: ${(err as Error).message}`);
      }
    })();
  }
  return done;
}
