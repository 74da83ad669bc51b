import { EXAMPLES } from '../files/examples';
import { openText } from './files';
import { registerCommand } from './registry';

registerCommand({
  id: 'file.openExample',
  title: 'Open example',
  group: 'file',
  async run(c, arg) {
    const ex = EXAMPLES.find((e) => e.id === arg) ?? EXAMPLES[0];
    if (ex) await openText(c, ex.fileName, ex.text, undefined, true);
  },
});
