import { recentFiles } from '../files/recent';
import { openText } from './files';
import { registerCommand } from './registry';

registerCommand({
  id: 'file.openRecent',
  title: 'Open recent',
  group: 'file',
  async run(c, arg) {
    const r = recentFiles().find((f) => f.name === arg);
    if (r) await openText(c, r.name, r.text);
  },
});
