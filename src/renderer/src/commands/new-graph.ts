import { emptyGraph } from '../store/doc';
import { liveQuestion, loadGraph } from './files';
import { registerCommand } from './registry';

registerCommand({
  id: 'file.new',
  title: 'New',
  keys: ['Mod+N'],
  group: 'file',
  async run(c) {
    if (!(await c.confirmDiscard('start a new graph'))) return;
    if (!(await liveQuestion(c, 'an empty graph'))) return;
    loadGraph(c, emptyGraph(), null);
  },
});
