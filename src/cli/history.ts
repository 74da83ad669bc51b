// `f8 plan`, `f8 history`, `f8 revert N`, `f8 stop` (contract v1.1): the dry run, the deploy
// history, a revert (a deploy of an earlier graph as a new revision, plan shown first) and
// stopping the deployed graph. Commands that take the lease give it back on exit.
import { parseArgs } from 'node:util';
import { F8Error } from '../shared/errors.js';
import type { PlanEntry } from '../shared/compiler/index.js';
import { connectMaster, type MasterClient } from './client.js';
import { deployWith, EXIT_INVALID, EXIT_RUNTIME, graphArg, masterUrl, printDiagnostics, releaseLease, takeLease } from './graph.js';

export const HISTORY_USAGE = `usage:
  f8 plan GRAPH.json [--nats-url URL | --data-dir DIR]      what a deploy would do now; exit 2 when invalid
  f8 history [--limit N] [--nats-url URL | --data-dir DIR]  the kept deploys, newest first
  f8 revert N [--takeover] [--nats-url URL | --data-dir DIR] deploy revision N's graph as a new revision
  f8 stop [--takeover] [--nats-url URL | --data-dir DIR]    stop the deployed graph's instances (the graph is kept)`;

const OPTIONS = { 'nats-url': { type: 'string' }, 'data-dir': { type: 'string' }, takeover: { type: 'boolean', default: false }, limit: { type: 'string' } } as const;

export function printPlan(plan: PlanEntry[], out: (s: string) => void = console.log): void {
  if (plan.length && plan.every((p) => p.action === 'unchanged')) out('  nothing to do: every instance is unchanged');
  for (const p of plan) out(`  ${p.instanceId}: ${p.action}${p.reasons.length ? ` (${p.reasons.join('; ')})` : ''}`);
}

async function withMaster(argv: string[], env: NodeJS.ProcessEnv, fn: (client: MasterClient, values: { takeover?: boolean; limit?: string }, args: string[]) => Promise<number>): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const url = masterUrl(values, env);
  if (!url) {
    console.error(`no running master found: start "f8 master", or pass --nats-url / F8_NATS_URL\n${HISTORY_USAGE}`);
    return 1;
  }
  const client = await connectMaster(url);
  try {
    return await fn(client, values, positionals);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return err instanceof F8Error && (err.code === 'invalid' || err.code === 'not-found') ? EXIT_INVALID : EXIT_RUNTIME;
  } finally {
    await releaseLease(client);
    await client.close();
  }
}

export function runPlan(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withMaster(argv, env, async (client, _v, args) => {
    const loaded = await graphArg(args[0]);
    if (typeof loaded === 'number') return loaded;
    const r = await client.call('planGraph', { graph: loaded.graph });
    if (!r.valid) {
      printDiagnostics(r.diagnostics);
      console.error(`${args[0]}: invalid; a deploy would be refused`);
      return EXIT_INVALID;
    }
    console.log(`plan against revision ${r.currentRevision}:`);
    printPlan(r.plan);
    return 0;
  });
}

export function runHistory(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withMaster(argv, env, async (client, v) => {
    const limit = v.limit === undefined ? undefined : Number(v.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 64)) throw new F8Error('invalid', `--limit must be a whole number 1..64 (got '${v.limit}')`);
    const r = await client.call('history', limit === undefined ? {} : { limit });
    if (!r.deploys.length) console.log('nothing deployed yet');
    for (const d of r.deploys) {
      const c = d.counts;
      console.log(`${String(d.revision).padStart(4)}  ${d.deployedAt}  ${d.deployedBy.padEnd(20)}  start ${c.start}, reconfigure ${c.reconfigure}, stop ${c.stop}, unchanged ${c.unchanged}`);
    }
    return 0;
  });
}

export function runRevert(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withMaster(argv, env, async (client, v, args) => {
    const revision = Number(args[0]);
    if (!Number.isInteger(revision) || revision < 1) throw new F8Error('invalid', `f8 revert needs a revision number (got '${args[0] ?? ''}')\n${HISTORY_USAGE}`);
    const at = await client.call('graphAt', { revision });
    const plan = await client.call('planGraph', { graph: at.graph });
    if (!plan.valid) {
      printDiagnostics(plan.diagnostics);
      throw new F8Error('invalid', `revision ${revision}'s graph no longer compiles against the catalog`);
    }
    console.log(`reverting to revision ${revision} (deployed ${at.deployedAt} by ${at.deployedBy || 'unknown'}) as a new revision; plan:`);
    printPlan(plan.plan);
    await takeLease(client, v.takeover ?? false);
    return deployWith(client, at.graph, { activate: true, baseRevision: plan.currentRevision });
  });
}

export function runStop(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withMaster(argv, env, async (client, v) => {
    await takeLease(client, v.takeover ?? false);
    const r = await client.call('stopGraph', {});
    console.log(r.revision ? `stopped the instances of revision ${r.revision}; the graph is kept (the next deploy starts them)` : 'nothing deployed: nothing to stop');
    return 0;
  });
}
