// The canvas commands, one test each: fit view, quick-add at the pointer, auto layout (elkjs,
// here in-process in place of the worker) and "Plot this port".
import { afterEach, describe, expect, it, vi } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { isEnabled, runCommand } from './registry';
import { fakeCanvas, graph, testbed } from './testing';

afterEach(() => vi.unstubAllGlobals());

/** A Worker that runs elkjs in this thread, as layout.worker.ts does in its own. */
class InProcessLayout {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  private elk = new ELK();
  postMessage({ id, graph }: { id: number; graph: never }): void {
    void this.elk.layout(graph).then((result) => this.onmessage?.({ data: { id, result } }));
  }
}

describe('view and graph commands', () => {
  it('fit view fits the canvas to the graph (at most zoom 1)', async () => {
    const t = testbed();
    const fits: unknown[] = [];
    await runCommand('view.fit', undefined, t.ctx({ canvas: fakeCanvas((o) => fits.push(o)) }));
    expect(fits).toEqual([expect.objectContaining({ maxZoom: 1 })]);
  });

  it('quick-add opens the node search at the pointer, with the flow position for the node', async () => {
    const t = testbed();
    await runCommand('graph.quickAdd', undefined, t.ctx());
    expect(t.store.getState().quickAdd).toBeNull(); // no canvas: nothing to add to
    await runCommand('graph.quickAdd', undefined, t.ctx({ canvas: fakeCanvas() }));
    expect(t.store.getState().quickAdd).toEqual({ screen: { x: 100, y: 50 }, flow: { x: 90, y: 40 } });
  });

  it('auto layout places the nodes left to right as one undo step, the operator inside its engine', async () => {
    vi.stubGlobal('Worker', InProcessLayout);
    const t = testbed();
    const before = t.store.getState().graph;
    await runCommand('graph.autoLayout', undefined, t.ctx());
    const g = t.store.getState().graph;
    expect(g).not.toBe(before);
    expect(t.notices().filter((n) => n.startsWith('error'))).toEqual([]);
    const at = (id: string) => g.nodes.find((n) => n.nodeId === id)!.position!;
    expect(at('sig').x).toBeLessThan(at('eng').x);
    expect(at('op1').x).toBeGreaterThanOrEqual(at('eng').x);
    expect(at('op1').y).toBeGreaterThan(at('eng').y);
    t.store.getState().undo();
    expect(t.store.getState().graph).toEqual(before);
  });

  it('auto layout is off for an empty graph', () => {
    const t = testbed({ ...graph, nodes: [], edges: [] });
    expect(isEnabled('graph.autoLayout', t.ctx())).toBe(false);
  });

  it('plot this port adds a plot wired to the port, to the right of the node, selected', async () => {
    const t = testbed();
    await runCommand('graph.plotPort', { nodeId: 'sig', port: 'value', title: 'Signal' }, t.ctx());
    const g = t.store.getState().graph;
    const plot = g.nodes.find((n) => n.kind === 'editor');
    expect(plot).toMatchObject({ kind: 'editor', editorClass: 'plot', label: 'Signal · value' });
    expect(plot!.position!.x).toBeGreaterThan(0);
    expect(g.edges).toContainEqual(expect.objectContaining({ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: plot!.nodeId, port: 'value' } }));
    expect([...t.store.getState().selectedNodes]).toEqual([plot!.nodeId]);
    expect(t.notices()).toContain('info: plot added for Signal · value: deploy to see the data');
  });
});
