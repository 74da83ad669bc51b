// Stop all: stops every instance of the deployed graph (stopGraph) and keeps the graph; the
// next deploy starts them again.
import { registerCommand } from './registry';

registerCommand({
  id: 'graph.stopAll',
  title: 'Stop all',
  group: 'graph',
  enabled: (c) => !!c.session && c.store.getState().lease.role === 'holder' && !!c.store.getState().deployed,
  disabledReason: 'needs a deployed graph and the lease',
  async run(c) {
    const s = c.store.getState();
    const ok = c.confirm
      ? await c.confirm({
          title: 'Stop the deployed graph?',
          body: `Every instance of revision ${s.deployed?.revision ?? '?'} stops. The graph is kept: the next deploy starts them again.`,
          confirm: 'Stop all',
        })
      : true;
    if (!ok) return;
    const r = await c.session!.master.call('stopGraph', {});
    c.store.getState().notify('info', `stopped the instances of revision ${r.revision}; the graph is kept`);
  },
});
