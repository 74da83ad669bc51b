// `f8 master`: embedded NATS (unless a URL is given) + the headless master, until a signal.
// The start-up itself is src/host (shared with `f8 run` and the desktop app).
import { parseArgs } from 'node:util';
import { consoleLogger, guardStdio, safeWrite } from '../main/util/log.js';
import { defaultDataDir, defaultServicesDirs, startHost, HostStartError, type Host } from '../host/index.js';
import { NATS_USERS } from '../shared/naming.js';
import type { Logger } from '../shared/ports.js';
import { dataDirProblem } from '../host/data-dir.js';
import { listenForStop } from './signals.js';
import { MAX_INSTANCES_PER_GRAPH } from '../shared/limits.js';

function wsWithToken(ws: string, token: string): string {
  const u = new URL(ws);
  u.username = NATS_USERS.editor;
  u.password = token;
  return u.toString().replace(/\/$/, '');
}

export const MASTER_USAGE = `usage: f8 master [--services DIR]... [--nats-url URL] [--data-dir DIR] [--no-web] [--web-port N] [--max-instances N] [--gateway [PORT]] [--quiet]

Starts the master (catalog, registry, lease, health, launcher, deploy) on an embedded
nats-server, or on the server named by --nats-url / F8_NATS_URL. Prints NATS_URL=... and
NATS_WS_URL=... when ready, then EDITOR_URL=... (the editor for a plain browser; --no-web
turns it off). A graph may hold at most --max-instances service instances (default
${MAX_INSTANCES_PER_GRAPH}: each one is a process). Stops cleanly on SIGINT/SIGTERM: instances, then
nats-server; a nats-server that dies or hangs is started again on the same ports. Keeps serving
when its output is closed (\`f8 master 2>&1 | head\`). Started through npx or npm, it also stops
when the process that started it goes away (F8_EXIT_WITH_PARENT=1 anywhere, =0 never).
--gateway [PORT] also serves the control plane over HTTP on 127.0.0.1 (any free port without
PORT), as the editor: prints API_URL=..., API_TOKEN=... (send it as Authorization: Bearer) and
API_DOCS_URL=... (Swagger UI). See docs/gateway.md.`;

/** `--gateway`, `--gateway PORT` or `--gateway=PORT` taken out of argv (parseArgs has no optional values). */
export function takeGatewayOption(argv: string[]): { argv: string[]; gateway: { port: number } | null; error?: string } {
  const rest: string[] = [];
  let gateway: { port: number } | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const m = /^--gateway(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    let value = m[1];
    if (value === undefined && /^\d+$/.test(argv[i + 1] ?? '')) value = argv[++i];
    const port = value === undefined ? 0 : Number(value);
    if (!/^\d+$/.test(value ?? '0') || !Number.isInteger(port) || port > 65535) return { argv: rest, gateway: null, error: `--gateway takes a port from 0 to 65535, not '${value}'` };
    gateway = { port };
  }
  return { argv: rest, gateway };
}

/** The options `f8 master` and `f8 run` share: the services folders, the NATS server, the data folder, quiet, no web. */
export const HOST_OPTIONS = {
  services: { type: 'string', multiple: true, default: [] as string[] },
  'nats-url': { type: 'string' },
  'data-dir': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'no-web': { type: 'boolean', default: false },
} as const;

interface MasterArgs {
  values: { services?: string[]; 'nats-url'?: string; 'data-dir'?: string; quiet?: boolean; 'no-web'?: boolean; 'max-instances'?: string; 'web-port'?: string; help?: boolean };
  gateway: { port: number } | null;
}

/** The options of `f8 master`, or the exit code when they are wrong (2) or ask for help (0). */
function parseMasterArgs(rawArgv: string[]): MasterArgs | number {
  const gw = takeGatewayOption(rawArgv);
  if (gw.error) {
    console.error(`f8 master: ${gw.error}`);
    return 2;
  }
  const { values } = parseArgs({
    args: gw.argv,
    options: {
      ...HOST_OPTIONS,
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
  return { values, gateway: gw.gateway };
}

/**
 * SIGINT, SIGTERM, and (under npx/npm) the parent going away stop the master: during start-up
 * by aborting it, after it by stopping the host; a second signal exits at once.
 */
function stopOnSignals(env: NodeJS.ProcessEnv, log: Logger): { abort: AbortController; stopping: () => boolean; started: (host: Host) => void; done: Promise<number> } {
  const abort = new AbortController();
  let host: Host | null = null;
  let stopping = false;
  let resolveExit: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (resolveExit = r));
  const stop = (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    log.info(`${signal}: stopping`);
    abort.abort();
    if (host) void host.stop().then(() => (log.info('stopped'), resolveExit(0)));
  };
  listenForStop(env, stop, () => stopping);
  return { abort, stopping: () => stopping, started: (h) => (host = h), done };
}

/** The lines a person needs: with credentials (nats://user:password@...; nats.js needs them parsed out, src/bus does). */
function printUrls(h: Host, stopping: () => boolean): void {
  safeWrite(process.stdout, `NATS_URL=${h.natsUrl}\n`);
  if (h.wsUrl) safeWrite(process.stdout, `NATS_WS_URL=${h.editorToken ? wsWithToken(h.wsUrl, h.editorToken) : h.wsUrl}\n`);
  if (h.gateway && h.gatewayToken) {
    safeWrite(process.stdout, `API_URL=${h.gateway.apiUrl}\n`);
    safeWrite(process.stdout, `API_TOKEN=${h.gatewayToken}\n`);
    safeWrite(process.stdout, `API_DOCS_URL=${h.gateway.docsUrl}?token=${h.gatewayToken}\n`);
  }
  void h.editorUrl(true).then((url) => {
    if (url && !stopping()) safeWrite(process.stdout, `EDITOR_URL=${url}\n`);
  });
}

export async function runMaster(rawArgv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseMasterArgs(rawArgv);
  if (typeof args === 'number') return args;
  const { values } = args;
  // a server outlives its log pipe (`f8 master 2>&1 | head -3`): a closed stdout or stderr is dropped, not fatal
  guardStdio();
  const log = consoleLogger('master', process.stderr, values.quiet);
  const maxInstances = values['max-instances'] === undefined ? undefined : Number(values['max-instances']);
  if (maxInstances !== undefined && (!Number.isInteger(maxInstances) || maxInstances < 1)) {
    console.error(`f8 master: --max-instances must be a whole number of at least 1, not '${values['max-instances']}'`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir(env);
  const bad = dataDirProblem(dataDir); // up front: one line, before anything else is said
  if (bad) {
    console.error(`f8 master: ${bad}`);
    return 1;
  }
  const externalUrl = values['nats-url'] ?? (env.F8_NATS_URL || undefined);
  if (externalUrl && !env.F8_NATS_WS_URL) log.warn('F8_NATS_WS_URL is not set: the editor needs the WebSocket URL of that server');

  // Signals from the first moment: one during start-up aborts it (what started is stopped).
  const signals = stopOnSignals(env, log);
  let host: Host;
  try {
    host = await startHost({
      dataDir,
      servicesDirs: defaultServicesDirs(values.services ?? [], env, log),
      log,
      env,
      ...(externalUrl ? { natsUrl: externalUrl, ...(env.F8_NATS_WS_URL ? { natsWsUrl: env.F8_NATS_WS_URL } : {}) } : {}),
      web: values['no-web'] ? false : values['web-port'] ? { port: Number(values['web-port']) } : {},
      ...(maxInstances !== undefined ? { maxInstances } : {}),
      ...(args.gateway ? { gateway: { port: args.gateway.port, required: true } } : {}),
      signal: signals.abort.signal,
    });
  } catch (err) {
    if (!(err instanceof HostStartError)) throw err;
    if (err.kind === 'aborted') return 130;
    console.error(startFailure(err, dataDir, 'f8 master'));
    return 1;
  }
  signals.started(host);
  printUrls(host, signals.stopping);
  return signals.done;
}

/** The one line `f8 master` and `f8 run` print when the backend does not start. */
export function startFailure(err: HostStartError, dataDir: string, command: string): string {
  switch (err.kind) {
    case 'nats-not-found':
      return err.message;
    case 'locked': {
      const h = err.detail.holder;
      const urls = h?.urls
        ? Object.entries(h.urls)
            .map(([k, v]) => `\n  ${k}=${v}`)
            .join('')
        : '';
      return `${command}: ${err.message}; stop it first or pass another --data-dir${urls}`;
    }
    case 'data-dir':
      return `${command}: ${err.message}`;
    default:
      return `${command}: ${err.message} (data dir ${dataDir})`;
  }
}
