import { registerCommand } from './registry';

registerCommand({
  id: 'edit.selectAll',
  title: 'Select all',
  keys: ['Mod+A'],
  group: 'edit',
  run(c) {
    const s = c.store.getState();
    s.select(
      s.graph.nodes.map((n) => n.nodeId),
      [],
    );
  },
});
