import { copySelection } from '../graph/clipboard';
import { pasteContent } from './clipboard';
import { registerCommand } from './registry';

registerCommand({
  id: 'edit.duplicate',
  title: 'Duplicate',
  keys: ['Mod+D'],
  group: 'edit',
  enabled: (c) => c.store.getState().selectedNodes.size > 0,
  run(c) {
    const s = c.store.getState();
    pasteContent(c, copySelection(s.graph, s.selectedNodes), { x: 40, y: 40 });
  },
});
