// Quick-add at the cursor (Tab, Ctrl+K; double-click on the canvas opens it too).
import { registerCommand } from './registry';

registerCommand({
  id: 'graph.quickAdd',
  title: 'Add node…',
  keys: ['Tab', 'Mod+K'],
  group: 'graph',
  run(c) {
    if (!c.canvas) return;
    const rect = c.canvas.rect();
    const p = c.canvas.pointer() ?? (rect ? { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 } : { x: 400, y: 300 });
    c.store.getState().openQuickAdd({ screen: p, flow: c.canvas.flow.screenToFlowPosition(p) });
  },
});
