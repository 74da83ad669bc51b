// The edit commands, one test each: what each does to the document and the selection.
import { describe, expect, it } from 'vitest';
import { isEnabled, runCommand } from './registry';
import { testbed } from './testing';

const position = (t: ReturnType<typeof testbed>, id: string) => t.store.getState().graph.nodes.find((n) => n.nodeId === id)?.position;

describe('edit commands', () => {
  it('undo takes back the last edit, and is off with nothing to undo', async () => {
    const t = testbed();
    expect(isEnabled('edit.undo', t.ctx())).toBe(false);
    t.store.getState().apply({ type: 'setNodeLabel', nodeId: 'sig', label: 'Source' });
    await runCommand('edit.undo', undefined, t.ctx());
    expect(t.store.getState().graph.nodes[0]?.label).toBeUndefined();
    expect(isEnabled('edit.undo', t.ctx())).toBe(false);
  });

  it('redo brings back what undo took back', async () => {
    const t = testbed();
    t.store.getState().apply({ type: 'setNodeLabel', nodeId: 'sig', label: 'Source' });
    t.store.getState().undo();
    expect(isEnabled('edit.redo', t.ctx())).toBe(true);
    await runCommand('edit.redo', undefined, t.ctx());
    expect(t.store.getState().graph.nodes[0]?.label).toBe('Source');
  });

  it('copy takes the selected nodes (off without a selection) and says how many', async () => {
    const t = testbed();
    expect(isEnabled('edit.copy', t.ctx())).toBe(false);
    t.store.getState().select(['sig'], []);
    await runCommand('edit.copy', undefined, t.ctx());
    expect(t.notices()).toContain('info: copied 1 node');
    expect(t.store.getState().graph.nodes).toHaveLength(3);
  });

  it('paste adds what was copied with new ids, selected', async () => {
    const t = testbed();
    t.store.getState().select(['eng'], []);
    await runCommand('edit.copy', undefined, t.ctx());
    await runCommand('edit.paste', undefined, t.ctx());
    const g = t.store.getState().graph;
    expect(g.nodes).toHaveLength(5);
    const added = [...t.store.getState().selectedNodes];
    expect(added).toHaveLength(2);
    expect(added).not.toContain('eng');
    // the operator came along inside the new engine
    const op = g.nodes.find((n) => added.includes(n.nodeId) && n.kind === 'operator');
    expect(op?.kind === 'operator' && added.includes(op.parentId)).toBe(true);
  });

  for (const [id, dx, dy] of [
    ['edit.nudgeLeft', -10, 0],
    ['edit.nudgeUp', 0, -10],
    ['edit.nudgeDown', 0, 10],
  ] as const) {
    it(`${id} moves the selection 10 px with its operators`, async () => {
      const t = testbed();
      expect(isEnabled(id, t.ctx())).toBe(false);
      t.store.getState().select(['eng'], []);
      await runCommand(id, undefined, t.ctx());
      expect(position(t, 'eng')).toEqual({ x: 300 + dx, y: 0 + dy });
      expect(position(t, 'op1')).toEqual({ x: 320 + dx, y: 60 + dy });
      expect(position(t, 'sig')).toEqual({ x: 0, y: 0 });
    });
  }
});
