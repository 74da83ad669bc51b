import { deleteOp } from '../graph/clipboard';
import { hasSelection } from './clipboard';
import { registerCommand } from './registry';

registerCommand({
  id: 'edit.delete',
  title: 'Delete',
  keys: ['Delete', 'Backspace'],
  group: 'edit',
  enabled: hasSelection,
  run(c) {
    const s = c.store.getState();
    const op = deleteOp(s.graph, s.selectedNodes, s.selectedEdges);
    if (op && !s.apply(op)) s.select([], []);
  },
});
