// Arrow keys move the selection (10 px; its operators move along).
import { descendants } from '../graph/geometry';
import { hasSelection } from './clipboard';
import { registerCommand, type CommandContext } from './registry';

const nudge = (dx: number, dy: number) => (c: CommandContext) => {
  const s = c.store.getState();
  const ids = new Set<string>();
  for (const id of s.selectedNodes) {
    ids.add(id);
    for (const d of descendants(s.graph, id)) ids.add(d);
  }
  const moves = s.graph.nodes
    .filter((n) => ids.has(n.nodeId))
    .map((n) => {
      const p = n.position ?? { x: 0, y: 0 };
      return { nodeId: n.nodeId, to: { x: p.x + dx * 10, y: p.y + dy * 10 } };
    });
  if (moves.length) s.apply({ type: 'moveNodes', moves }, { coalesceKey: 'nudge' });
};

registerCommand({ id: 'edit.nudgeLeft', title: 'Move selection left', keys: ['ArrowLeft'], group: 'edit', enabled: hasSelection, run: nudge(-1, 0) });
registerCommand({ id: 'edit.nudgeRight', title: 'Move selection right', keys: ['ArrowRight'], group: 'edit', enabled: hasSelection, run: nudge(1, 0) });
registerCommand({ id: 'edit.nudgeUp', title: 'Move selection up', keys: ['ArrowUp'], group: 'edit', enabled: hasSelection, run: nudge(0, -1) });
registerCommand({ id: 'edit.nudgeDown', title: 'Move selection down', keys: ['ArrowDown'], group: 'edit', enabled: hasSelection, run: nudge(0, 1) });
