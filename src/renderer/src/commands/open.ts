import { openText } from './files';
import { registerCommand } from './registry';

registerCommand({
  id: 'file.open',
  title: 'Open…',
  keys: ['Mod+O'],
  group: 'file',
  async run(c) {
    const f = await c.files.open();
    if (f) await openText(c, f.name, f.text, f.handle);
  },
});
