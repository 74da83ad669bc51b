// Revert to revision N: a deploy of that revision's graph (graphAt) as a new revision, its plan
// against what runs now shown first. Once deployed, the document becomes that graph (one
// undoable edit), so the editor shows what runs, detached from the file it came from (Save asks
// where instead of writing the old revision over that file).
import { deployBlocker } from './deploy';
import { deployFlow } from './deploy-flow';
import { replaceContents } from '../graph/replace';
import { registerCommand } from './registry';
import { validate } from '../../../shared/schemas';
import type { ServiceGraph } from '../../../shared/types';

registerCommand({
  id: 'graph.revert',
  title: 'Revert to a deployed revision',
  group: 'graph',
  enabled: (c) => deployBlocker(c) === null && !!c.store.getState().deployed,
  disabledReason: 'needs the master, the lease and a deploy history',
  async run(c, arg) {
    const revision = Number(arg);
    if (!Number.isInteger(revision) || revision < 1) return c.store.getState().notify('error', 'revert: which revision?');
    const at = await c.session!.master.call('graphAt', { revision });
    const checked = validate<ServiceGraph>('service-graph', at.graph);
    if (!checked.ok) return c.store.getState().notify('error', `revision ${revision}'s stored graph is not a valid graph: ${checked.message}`);
    const graph = checked.value;
    const outcome = await deployFlow(c, graph, { title: (next) => `Revert to revision ${revision} (deployed as revision ${next})?` });
    if (outcome === 'deployed') {
      const s = c.store.getState();
      s.apply(replaceContents(s.graph, graph));
      // the document is now revision N's graph, not the file it came from: Save asks where
      s.detachFile();
      s.notify('info', `reverted: revision ${revision}'s graph runs again (not saved to a file)`);
    }
  },
});
