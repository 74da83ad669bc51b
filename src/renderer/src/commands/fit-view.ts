import { registerCommand } from './registry';
import { fitPadding } from '../canvas/fit';

registerCommand({
  id: 'view.fit',
  title: 'Fit view',
  keys: ['F'],
  group: 'view',
  run(c) {
    void c.canvas?.flow.fitView({ padding: fitPadding(), duration: 200, maxZoom: 1 });
  },
});
