import { copyOfSelection, hasSelectedNodes, pasteContent } from './clipboard';
import { registerCommand } from './registry';

registerCommand({
  id: 'edit.duplicate',
  title: 'Duplicate',
  keys: ['Mod+D'],
  group: 'edit',
  enabled: hasSelectedNodes,
  run(c) {
    pasteContent(c, copyOfSelection(c), { x: 40, y: 40 });
  },
});
