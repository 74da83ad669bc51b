import { emptyGraph } from '../store/doc';
import { loadGraph } from './files';
import { registerCommand } from './registry';

registerCommand({
  id: 'file.new',
  title: 'New',
  keys: ['Mod+N'],
  group: 'file',
  async run(c) {
    if (!(await c.confirmDiscard('start a new graph'))) return;
    loadGraph(c, emptyGraph(), null);
  },
});
