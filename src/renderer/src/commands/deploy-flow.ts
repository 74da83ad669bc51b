// One deploy, as Deploy (F5), a revert from the history and Live mode do it: ask the master for
// the plan, show it (unless Live), deploy with the revision the plan was made against, follow
// the progress, and on failure mark the refusing instances with their error and log tail. A
// conflict says who deployed meanwhile and offers to load their graph or to deploy over it.
import { F8Error } from '../../../shared/errors';
import type { PlanEntry } from '../../../shared/compiler';
import type { ServiceGraph } from '../../../shared/types';
import { withMasterDiagnostics } from '../graph/analysis';
import { humanize } from '../graph/humanize';
import { replaceContents } from '../graph/replace';
import type { Failure } from '../store/live';
import type { CommandContext } from './registry';

const WORDS: Record<PlanEntry['action'], string> = { start: 'start', stop: 'stop', reconfigure: 'reconfigure (state kept)', unchanged: 'unchanged' };

export type DeployOutcome = 'deployed' | 'cancelled' | 'refused' | 'failed' | 'conflict';

export function planLines(plan: readonly PlanEntry[]): string[] {
  return plan.map((p) => `${p.instanceId}: ${WORDS[p.action]}${p.reasons.length && p.action !== 'unchanged' ? ` — ${p.reasons.join('; ')}` : ''}`);
}

export interface DeployOptions {
  /** The dialog's title (default "Deploy revision N?"). */
  title?: (revision: number) => string;
  /** Live mode: no dialog, no notice on success. */
  silent?: boolean;
  /** Deploy over this revision (after a conflict). */
  baseRevision?: number;
}

async function failuresOf(c: CommandContext, revision: number, payload: unknown): Promise<Record<string, Failure>> {
  const instances = (payload as { instances?: { instanceId: string; status: string; error?: string }[] } | null)?.instances ?? [];
  const bad = instances.filter((i) => (i.status === 'failed' || i.status === 'error') && i.error);
  const out: Record<string, Failure> = {};
  await Promise.all(
    bad.map(async (i) => {
      const log = await c
        .session!.master.call('logs', { instanceId: i.instanceId, lines: 20 })
        .then((r) => r.lines.map((l) => `${l.stream === 'stderr' ? '! ' : ''}${l.text}`))
        .catch(() => []);
      out[i.instanceId] = { error: i.error!, log, revision };
    }),
  );
  return out;
}

async function onConflict(c: CommandContext, graph: ServiceGraph, current: number, base: number, opts: DeployOptions): Promise<DeployOutcome> {
  const d = c.store.getState().deployed;
  const who = d?.deployedBy ? `${d.deployedBy === c.store.getState().clientId ? 'this editor (another tab)' : d.deployedBy}` : 'someone';
  const when = d?.deployedAt ? ` at ${new Date(d.deployedAt).toLocaleTimeString()}` : '';
  const body = `${who} deployed revision ${current}${when}; this graph is based on revision ${base}. Load the deployed graph (one edit: Undo brings yours back), or deploy yours over it.`;
  if (opts.silent || !c.ask) {
    c.store.getState().notify('error', body);
    return 'conflict';
  }
  const choice = await c.ask({ title: `Revision ${current} was deployed meanwhile`, body, confirm: 'Deploy over it', alternative: 'Load the deployed graph' });
  if (choice === 'confirm') return deployFlow(c, graph, { ...opts, baseRevision: current });
  if (choice === 'alternative') {
    const g = c.store.getState().deployed?.graph;
    if (g) {
      c.store.getState().apply(replaceContents(c.store.getState().graph, g));
      c.store.getState().setBaseRevision(current);
    }
  }
  return 'conflict';
}

export async function deployFlow(c: CommandContext, graph: ServiceGraph, opts: DeployOptions = {}): Promise<DeployOutcome> {
  const session = c.session!;
  const st = () => c.store.getState();
  const baseRevision = opts.baseRevision ?? st().baseRevision ?? st().deployed?.revision ?? 0;
  let plan;
  try {
    plan = await session.master.call('planGraph', { graph, baseRevision });
  } catch (err) {
    const cur = (err as F8Error).payload as { currentRevision?: number } | null;
    if (err instanceof F8Error && err.code === 'conflict' && typeof cur?.currentRevision === 'number') return onConflict(c, graph, cur.currentRevision, baseRevision, opts);
    throw err;
  }
  if (!plan.valid) {
    const s = st();
    s.setAnalysis(withMasterDiagnostics(s.analysis, plan.diagnostics), s.analysedVersion);
    s.notify('error', `the master refuses this graph: ${humanize(plan.diagnostics.find((d) => d.severity === 'error')?.message ?? 'invalid', graph, s.catalogIndex)}`);
    return 'refused';
  }
  const revision = plan.currentRevision + 1;
  const changes = plan.plan.filter((p) => p.action !== 'unchanged').length;
  // nodes a plan removes are named from the document (a revert's graph no longer has them)
  const names = { ...graph, nodes: [...graph.nodes, ...st().graph.nodes] };
  const lines = planLines(plan.plan).map((l) => humanize(l, names, st().catalogIndex));
  if (!opts.silent && c.confirm) {
    const ok = await c.confirm({
      title: opts.title?.(revision) ?? `Deploy revision ${revision}?`,
      body: changes ? `${changes} instance${changes === 1 ? '' : 's'} will change:` : 'Nothing changes: every instance is unchanged.',
      lines,
      confirm: 'Deploy',
    });
    if (!ok) return 'cancelled';
  }
  st().beginDeploy({ revision, startedAt: Date.now(), plan: plan.plan });
  if (!opts.silent) st().setBottomTab('deploy');
  try {
    const r = await session.master.call('deployGraph', { graph, baseRevision: plan.currentRevision });
    st().endDeploy({ ok: true, revision: r.revision, at: Date.now() });
    st().setBaseRevision(r.revision);
    if (!opts.silent) st().notify('info', `deployed revision ${r.revision}`);
    return 'deployed';
  } catch (err) {
    const e = err instanceof F8Error ? err : new F8Error('internal', (err as Error).message);
    const cur = (e.payload as { currentRevision?: number } | null)?.currentRevision;
    if (e.code === 'conflict' && typeof cur === 'number') {
      st().endDeploy({ ok: false, message: `revision ${cur} was deployed meanwhile`, at: Date.now() });
      return onConflict(c, graph, cur, baseRevision, opts);
    }
    const failures = await failuresOf(c, revision, e.payload);
    st().endDeploy({ ok: false, message: e.message, at: Date.now() }, failures);
    st().notify('error', e.message);
    return 'failed';
  }
}
