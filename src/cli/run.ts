// `f8 run GRAPH.json`: embedded NATS + master + deploy, until Ctrl-C. Signals are handled from
// the first moment: an interrupt at any point (nats-server starting, master starting, deploy
// half way) stops what was started, in reverse order, and leaves nothing running.
import { parseArgs } from 'node:util';
import { compile, compileCatalogFrom } from '../shared/compiler/index.js';
import { scanManifests } from '../host/index.js';
import { consoleLogger, guardStdio, safeWrite } from '../main/util/log.js';
import { connectMaster, type MasterClient } from './client.js';
import { defaultDataDir, defaultServicesDirs, startHost, HostStartError, type Host } from '../host/index.js';
import { dataDirProblem } from '../host/data-dir.js';
import { HOST_OPTIONS, startFailure } from './master.js';
import { listenForStop } from './signals.js';
import { deployWith, EXIT_INVALID, EXIT_RUNTIME, graphArg, printDiagnostics, releaseLease, takeLease } from './graph.js';

class Interrupted extends Error {}

export async function runRun(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // 1. signals first: everything below may be interrupted
  let interrupted: string | null = null;
  let wake: () => void = () => {};
  const interruption = new Promise<void>((r) => (wake = r));
  const onSignal = (sig: string) => {
    if (interrupted) process.exit(130); // a second Ctrl-C: now
    interrupted = sig;
    wake();
  };
  const listening = listenForStop(env, onSignal, () => interrupted !== null);
  /** What was started, undone in reverse order at the end (interrupted or not). */
  const undo: (() => Promise<unknown>)[] = [];
  /** Awaits a step, or throws Interrupted as soon as a signal came. */
  const step = async <T>(p: Promise<T>): Promise<T> => {
    if (interrupted) throw new Interrupted();
    const r = await Promise.race([p.then((v) => ({ v })), interruption.then(() => null)]);
    if (!r) {
      // the step may still finish: whatever it started is undone with the rest
      void p.catch(() => {});
      throw new Interrupted();
    }
    return r.v;
  };
  // a closed stdout or stderr (`f8 run g.json | head`) is dropped, not fatal: the graph keeps running
  guardStdio();
  const log = consoleLogger('run', process.stderr, argv.includes('--quiet'));
  let code = 0;
  try {
    code = await run(argv, env, log, step, undo, () => interruption);
  } catch (err) {
    if (err instanceof Interrupted) {
      log.info(`${interrupted ?? 'signal'} before the graph ran: stopping what was started`);
      code = 130;
    } else {
      console.error(`error: ${(err as Error).message}`);
      code = EXIT_RUNTIME;
    }
  } finally {
    for (const fn of undo.reverse()) await fn().catch((e: unknown) => log.error((e as Error).message));
    listening.dispose();
  }
  return code;
}

type Step = <T>(p: Promise<T>) => Promise<T>;

async function run(argv: string[], env: NodeJS.ProcessEnv, log: ReturnType<typeof consoleLogger>, step: Step, undo: (() => Promise<unknown>)[], interruption: () => Promise<void>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: HOST_OPTIONS,
    allowPositionals: true,
  });
  const file = positionals[0];
  const loaded = await step(graphArg(file));
  if (typeof loaded === 'number') return loaded;
  const graph = loaded.graph;
  const dataDir = values['data-dir'] ?? defaultDataDir(env);
  const bad = dataDirProblem(dataDir);
  if (bad) {
    console.error(`f8 run: ${bad}`);
    return 1;
  }
  const dirs = defaultServicesDirs(values.services ?? [], env, log);
  // Refuse an invalid graph before starting anything.
  const { entries } = await step(scanManifests(dirs));
  const pre = compile(graph, compileCatalogFrom(entries), null);
  if (pre.diagnostics.some((d) => d.severity === 'error')) {
    printDiagnostics(pre.diagnostics);
    console.error(`${file}: invalid`);
    return EXIT_INVALID;
  }
  // The backend (src/host, as `f8 master` and the desktop start it); an interrupt aborts it.
  const abort = new AbortController();
  void interruption().then(() => abort.abort());
  const externalUrl = values['nats-url'] ?? (env.F8_NATS_URL || undefined);
  const hostStarting = startHost({
    dataDir,
    servicesDirs: dirs,
    log,
    env,
    ...(externalUrl ? { natsUrl: externalUrl } : {}),
    web: values['no-web'] ? false : {},
    signal: abort.signal,
  });
  // pushed before it resolves: an interrupt while it starts still waits for its clean-up
  undo.push(async () => (await hostStarting.catch(() => null))?.stop());
  let host: Host;
  try {
    host = await step(hostStarting);
  } catch (err) {
    if (err instanceof Interrupted || (err instanceof HostStartError && err.kind === 'aborted')) throw new Interrupted();
    if (!(err instanceof HostStartError)) throw err;
    if (err.kind === 'locked') console.error(`f8 run: a master (pid ${err.detail.holder?.pid}) runs on the data dir ${dataDir}; deploy to it with "f8 deploy", or pass another --data-dir`);
    else console.error(startFailure(err, dataDir, 'f8 run'));
    return err.kind === 'data-dir' || err.kind === 'locked' || err.kind === 'nats-not-found' ? 1 : EXIT_RUNTIME;
  }
  const url = host.natsUrl;
  const master = host.master;
  safeWrite(process.stdout, `NATS_URL=${url}\n`);
  if (host.wsUrl) safeWrite(process.stdout, `NATS_WS_URL=${host.wsUrl}\n`);
  const connecting = connectMaster(url, 'f8-run');
  undo.push(async () => {
    const c = await connecting.catch(() => null);
    if (c) await releaseLease(c).finally(() => c.close());
  });
  const client: MasterClient = await step(connecting);
  await step(takeLease(client, true));
  const code = await step(deployWith(client, graph, { activate: true }));
  if (code !== 0) return code;
  // the editor, to watch the graph run (as `f8 master` prints it)
  void host.editorUrl(true).then((u) => {
    if (u && !abort.signal.aborted) safeWrite(process.stdout, `EDITOR_URL=${u}\n`);
  });
  // Keep the lease while running, so nobody else deploys over a `f8 run`.
  const keep = setInterval(() => void client.call('ping', { clientId: client.clientId }).catch(() => {}), Math.max(1000, master.lease.ttlMs / 3));
  undo.push(async () => clearInterval(keep));
  await interruption();
  log.info('stopping');
  return 0;
}
