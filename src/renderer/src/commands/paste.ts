import { pasteContent, readClipboard } from './clipboard';
import { registerCommand } from './registry';

registerCommand({
  id: 'edit.paste',
  title: 'Paste',
  keys: ['Mod+V'],
  group: 'edit',
  async run(c) {
    const clip = await readClipboard();
    if (clip) pasteContent(c, clip, { x: 40, y: 40 });
  },
});
