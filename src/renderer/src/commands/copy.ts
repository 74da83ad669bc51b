import { copyOfSelection, hasSelectedNodes, setClipboard } from './clipboard';
import { registerCommand } from './registry';

registerCommand({
  id: 'edit.copy',
  title: 'Copy',
  keys: ['Mod+C'],
  group: 'edit',
  enabled: hasSelectedNodes,
  run(c) {
    const clip = copyOfSelection(c);
    setClipboard(clip);
    c.store.getState().notify('info', `copied ${clip.nodes.length} node${clip.nodes.length === 1 ? '' : 's'}`);
  },
});
