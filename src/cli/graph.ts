// `f8 validate`, `f8 deploy`, `f8 run`: the headless ways to check, deploy and run a saved graph.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { compile, compileCatalogFrom, type Diagnostic } from '../shared/compiler/index.js';
import { F8Error } from '../shared/errors.js';
import { jsonDepthProblem } from '../shared/limits.js';
import { runningMasterUrl, scanManifests } from '../host/index.js';
import { connectMaster, type MasterClient } from './client.js';
import { defaultDataDir, servicesDirs } from '../host/paths.js';
import type { DeployGraphReply } from '../shared/verbs.js';

export const EXIT_INVALID = 2;
export const EXIT_RUNTIME = 3;

export const GRAPH_USAGE = `usage:
  f8 validate GRAPH.json [--services DIR]...        print diagnostics; exit 2 when invalid
  f8 deploy GRAPH.json [--nats-url URL | --data-dir DIR] [--takeover] [--no-activate] [--base-revision N]
                                                     deploy to a running master (takes the lease;
                                                     default: the master of ~/.f8studio)
  f8 run GRAPH.json [--services DIR]... [--data-dir DIR] [--nats-url URL] [--no-web]
                                                     embedded NATS + master + deploy, until Ctrl-C
                                                     (prints EDITOR_URL to watch it in a browser);
                                                     exit 2 on an invalid graph, 3 on a runtime failure`;

async function readGraph(file: string): Promise<unknown> {
  let text: string;
  let raw: unknown;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new F8Error('invalid', `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    throw new F8Error('invalid', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const deep = jsonDepthProblem(raw);
  if (deep) throw new F8Error('invalid', `${file} ${deep}`);
  return raw;
}

/** The graph named on the command line, or the exit code after saying what is wrong. */
export async function graphArg(file: string | undefined): Promise<{ graph: unknown } | number> {
  if (!file) {
    console.error(GRAPH_USAGE);
    return 1;
  }
  try {
    return { graph: await readGraph(file) };
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return EXIT_INVALID;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.nodeId ? `node ${d.nodeId}` : '', d.edgeId ? `edge ${d.edgeId}` : '', d.port ? `port ${d.port}` : ''].filter(Boolean).join(', ');
  return `${d.severity} ${d.code}${where ? ` (${where})` : ''}: ${d.message}`;
}

export function printDiagnostics(diags: Diagnostic[], out = process.stderr): void {
  for (const d of diags) out.write(`${formatDiagnostic(d)}\n`);
}

export async function runValidate(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { services: { type: 'string', multiple: true, default: [] } }, allowPositionals: true });
  const file = positionals[0];
  const loaded = await graphArg(file);
  if (typeof loaded === 'number') return loaded;
  const graph = loaded.graph;
  const { entries, problems } = await scanManifests(servicesDirs(values.services ?? [], env));
  for (const p of problems) console.error(`warning catalog: ${p.path}: ${p.message}`);
  const result = compile(graph, compileCatalogFrom(entries), null);
  printDiagnostics(result.diagnostics);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors) {
    console.error(`${file}: invalid (${errors} error${errors === 1 ? '' : 's'})`);
    return EXIT_INVALID;
  }
  console.log(`${file}: valid; ${Object.keys(result.subgraphs).length} instance(s): ${Object.keys(result.subgraphs).join(', ')}; etag ${result.etag}`);
  return 0;
}

export async function takeLease(client: MasterClient, takeover: boolean): Promise<void> {
  try {
    await client.call('ping', { clientId: client.clientId, ...(takeover ? { takeover: true } : {}) });
  } catch (err) {
    if (!(err instanceof F8Error) || err.code !== 'conflict' || takeover) throw err;
    const holder = (err.payload as { holder?: string } | undefined)?.holder ?? 'another client';
    if (!process.stdin.isTTY) throw new F8Error('conflict', `the lease is held by '${holder}'; pass --takeover to evict it`);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`The lease is held by '${holder}'. Take it over? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) throw new F8Error('conflict', 'not taking over the lease');
    await client.call('ping', { clientId: client.clientId, takeover: true });
  }
}

/** Gives the lease back (v1.1 ping release), so the next CLI command or editor needs no takeover. */
export async function releaseLease(client: MasterClient): Promise<void> {
  await client.call('ping', { clientId: client.clientId, release: true }, { attempts: 1, timeoutMs: 1_000 }).catch(() => {});
}

type DeployOutcome = DeployGraphReply;

function printDeploy(r: DeployOutcome): void {
  console.log(`deployed revision ${r.revision}`);
  for (const p of r.plan) console.log(`  ${p.instanceId}: ${p.action}${p.reasons.length ? ` (${p.reasons.join('; ')})` : ''}`);
  for (const i of r.instances)
    console.log(`  ${i.instanceId}: ${i.status}${i.graphRevision !== undefined && i.graphRevision !== null ? ` rev ${i.graphRevision}` : ''}${i.error ? ` error: ${i.error}` : ''}`);
}

/** Deploys; returns the exit code. Prints diagnostics or the failure with its per-instance results. */
export async function deployWith(client: MasterClient, graph: unknown, opts: { activate: boolean; baseRevision?: number }): Promise<number> {
  try {
    const r = await client.call('deployGraph', { graph, activate: opts.activate, ...(opts.baseRevision !== undefined ? { baseRevision: opts.baseRevision } : {}) });
    printDeploy(r);
    return 0;
  } catch (err) {
    if (!(err instanceof F8Error)) throw err;
    const payload = err.payload as { diagnostics?: Diagnostic[]; instances?: DeployOutcome['instances'] } | null;
    if (err.code === 'invalid' && payload?.diagnostics) {
      printDiagnostics(payload.diagnostics);
      console.error(`deploy refused: ${err.message}`);
      return EXIT_INVALID;
    }
    console.error(`deploy failed (${err.code}): ${err.message}`);
    for (const i of payload?.instances ?? []) console.error(`  ${i.instanceId}: ${i.status}${i.error ? `: ${i.error}` : ''}`);
    return err.code === 'invalid' ? EXIT_INVALID : EXIT_RUNTIME;
  }
}

/**
 * The NATS URL to reach the master: --nats-url, F8_NATS_URL, else the embedded server of the
 * master running on the data dir, with the credentials kept there (0600, the user's own).
 */
export function masterUrl(values: { 'nats-url'?: string | undefined; 'data-dir'?: string | undefined }, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = values['nats-url'] ?? (env.F8_NATS_URL || undefined);
  if (explicit) return explicit;
  return runningMasterUrl(values['data-dir'] ?? defaultDataDir(env));
}

export async function runDeploy(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'nats-url': { type: 'string' },
      'data-dir': { type: 'string' },
      takeover: { type: 'boolean', default: false },
      'no-activate': { type: 'boolean', default: false },
      'base-revision': { type: 'string' },
    },
    allowPositionals: true,
  });
  const file = positionals[0];
  // Default: the embedded server of the master running on this data dir.
  const url = masterUrl(values, env);
  if (!file || !url) {
    console.error(`${!url ? 'f8 deploy found no running master: start "f8 master", or pass --nats-url / F8_NATS_URL (the NATS_URL that f8 master printed)\n' : ''}${GRAPH_USAGE}`);
    return 1;
  }
  const loaded = await graphArg(file);
  if (typeof loaded === 'number') return loaded;
  const graph = loaded.graph;
  const client = await connectMaster(url);
  try {
    await takeLease(client, values.takeover ?? false);
    return await deployWith(client, graph, { activate: !values['no-activate'], ...(values['base-revision'] !== undefined ? { baseRevision: Number(values['base-revision']) } : {}) });
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return err instanceof F8Error && err.code === 'invalid' ? EXIT_INVALID : EXIT_RUNTIME;
  } finally {
    await releaseLease(client);
    await client.close();
  }
}
