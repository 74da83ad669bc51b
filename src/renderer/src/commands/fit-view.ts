import { registerCommand } from './registry';

registerCommand({
  id: 'view.fit',
  title: 'Fit view',
  keys: ['F'],
  group: 'view',
  run(c) {
    void c.canvas?.flow.fitView({ padding: 0.15, duration: 200, maxZoom: 1 });
  },
});
