// Deploy (F5): asks the master what a deploy would do (planGraph), shows the plan, and deploys
// on confirmation with the deployed revision as base (a conflict says who deployed meanwhile).
import { F8Error } from '../../../shared/errors';
import type { PlanEntry } from '../../../shared/compiler';
import { humanize } from '../graph/humanize';
import { registerCommand, type CommandContext } from './registry';

const WORDS: Record<PlanEntry['action'], string> = { start: 'start', stop: 'stop', reconfigure: 'reconfigure (state kept)', unchanged: 'unchanged' };

function why(c: CommandContext): string | null {
  const s = c.store.getState();
  if (!c.session) return 'not connected to a master';
  if (s.lease.role !== 'holder') return s.lease.holder ? `${s.lease.holder} holds the lease: this editor is a viewer` : 'this editor does not hold the lease';
  if (s.analysis.errors > 0) return `the graph has ${s.analysis.errors} problem${s.analysis.errors === 1 ? '' : 's'} (see Problems)`;
  if (s.graph.nodes.length === 0) return 'the graph is empty';
  return null;
}

registerCommand({
  id: 'graph.deploy',
  title: 'Deploy',
  keys: ['F5'],
  group: 'graph',
  global: true,
  enabled: (c) => why(c) === null,
  disabledReason: 'connect to a master, hold the lease, and fix the problems first',
  async run(c) {
    const reason = why(c);
    const s = c.store.getState();
    if (reason) return s.notify('error', `cannot deploy: ${reason}`);
    const master = c.session!.master;
    const graph = s.graph;
    const baseRevision = s.deployed?.revision ?? 0;
    const plan = await master.call('planGraph', { graph, baseRevision });
    if (!plan.valid) return s.notify('error', `the master refuses this graph: ${humanize(plan.diagnostics.find((d) => d.severity === 'error')?.message ?? 'invalid', graph, s.catalogIndex)}`);
    const lines = plan.plan.map((p) => `${p.instanceId}: ${WORDS[p.action]}${p.reasons.length && p.action !== 'unchanged' ? ` — ${p.reasons.join('; ')}` : ''}`);
    const changes = plan.plan.filter((p) => p.action !== 'unchanged').length;
    const ok = c.confirm ? await c.confirm({ title: `Deploy revision ${plan.currentRevision + 1}?`, body: changes ? `${changes} instance${changes === 1 ? '' : 's'} will change:` : 'Nothing changes: every instance is unchanged.', lines, confirm: 'Deploy' }) : true;
    if (!ok) return;
    try {
      const r = await master.call('deployGraph', { graph, baseRevision: plan.currentRevision });
      c.store.getState().notify('info', `deployed revision ${r.revision}: ${r.instances.map((i) => `${i.instanceId} ${i.status}`).join(', ')}`);
    } catch (err) {
      if (err instanceof F8Error && err.code === 'conflict' && (err.payload as { currentRevision?: number } | null)?.currentRevision !== undefined) {
        return c.store.getState().notify('error', `someone deployed revision ${(err.payload as { currentRevision: number }).currentRevision} meanwhile: reload or deploy again over it`);
      }
      throw err;
    }
  },
});
