// @vitest-environment happy-dom
// Names where people read them (issue 23): the Plots panel titles each plot by its name (or by
// what is wired into it), and the inspector heads an operator or editor node with its name and
// says which engine an operator runs in, never a generated node id.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceGraph } from '../../../shared/types';
import { createEditor } from '../store/editor';
import { entries, Providers } from '../canvas/nodes/testing';
import { PlotsPanel } from './live/PlotsPanel';
import { Inspector } from './Inspector';

// uPlot draws on a canvas, which happy-dom does not have: a stand-in that takes data
vi.mock('uplot', () => ({
  default: class {
    setData(): void {}
    destroy(): void {}
  },
}));

afterEach(cleanup);

// ids as the editor generates them, so a title showing one is caught
const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'eng-5c1d', kind: 'service', serviceClass: 'f8.engine', label: 'Mixer', position: { x: 0, y: 0 } },
    { nodeId: 'op-3f9c2a', kind: 'operator', operatorClass: 'smooth', parentId: 'eng-5c1d', position: { x: 20, y: 120 } },
    { nodeId: 'op-77aa01', kind: 'operator', operatorClass: 'smooth', label: 'Smoothed', parentId: 'eng-5c1d', position: { x: 20, y: 260 } },
    { nodeId: 'plot-8d1e', kind: 'editor', editorClass: 'plot', label: 'Level', position: { x: 500, y: 0 } },
    { nodeId: 'plot-2b7c', kind: 'editor', editorClass: 'plot', position: { x: 500, y: 200 } },
    { nodeId: 'disp-91f0', kind: 'editor', editorClass: 'display', position: { x: 500, y: 400 } },
  ],
  edges: [
    { kind: 'data', from: { nodeId: 'op-3f9c2a', port: 'out' }, to: { nodeId: 'plot-8d1e', port: 'value' } },
    { kind: 'data', from: { nodeId: 'op-77aa01', port: 'out' }, to: { nodeId: 'plot-2b7c', port: 'value' } },
  ],
};
const ids = graph.nodes.map((n) => n.nodeId);

function mount(ui: React.ReactNode) {
  const editor = createEditor({ clientId: 'test' });
  const s = editor.store.getState();
  s.setCatalog(entries);
  s.load(graph, null);
  render(<Providers editor={editor}>{ui}</Providers>);
  return editor;
}

describe('names where people read them', () => {
  it('the Plots panel titles a plot by its label, else by the name of what is wired into it', () => {
    mount(<PlotsPanel />);
    const titles = [...screen.getByRole('region', { name: 'Plots' }).querySelectorAll('figcaption')].map((f) => f.textContent);
    expect(titles).toEqual(['Level', 'Smoothed · out', 'Display (nothing wired in)']);
    for (const t of titles) for (const id of ids) expect(t).not.toContain(id);
  });

  it('the inspector heads an operator with its name and names the engine it runs in; an editor node with its name', () => {
    const editor = mount(<Inspector />);
    const head = () => screen.getByRole('complementary', { name: 'Inspector' }).querySelector('.f8-inspector-head') as HTMLElement;
    const select = (id: string) => act(() => editor.store.getState().select([id]));

    select('op-3f9c2a');
    expect(within(head()).getByRole('heading').textContent).toBe('Smooth');
    expect(head().textContent).toContain('Smooth operator in Mixer');
    select('op-77aa01');
    expect(within(head()).getByRole('heading').textContent).toBe('Smoothed');
    select('plot-8d1e');
    expect(within(head()).getByRole('heading').textContent).toBe('Level');
    select('plot-2b7c');
    expect(within(head()).getByRole('heading').textContent).toBe('Plot');
    expect(head().textContent).toContain('Plot · shown in this editor');
    // the id is there for those who look for it (a tooltip), not in the text people read
    for (const id of ids) expect(head().textContent).not.toContain(id);
  });
});
