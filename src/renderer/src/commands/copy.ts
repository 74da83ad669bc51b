import { copySelection } from '../graph/clipboard';
import { setClipboard } from './clipboard';
import { registerCommand } from './registry';

registerCommand({
  id: 'edit.copy',
  title: 'Copy',
  keys: ['Mod+C'],
  group: 'edit',
  enabled: (c) => c.store.getState().selectedNodes.size > 0,
  run(c) {
    const s = c.store.getState();
    const clip = copySelection(s.graph, s.selectedNodes);
    setClipboard(clip);
    s.notify('info', `copied ${clip.nodes.length} node${clip.nodes.length === 1 ? '' : 's'}`);
  },
});
