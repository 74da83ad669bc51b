// @vitest-environment happy-dom
// What a user sees of each node kind, drawn by React Flow from the store through the canvas's
// model: the label, the class line, the ports (and their shape by kind), the status word with
// its colour class, state shown on the node, command buttons, the editor widgets, and the
// simplified box below the zoom threshold.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceGraph } from '../../../../shared/types';
import { record, renderGraph } from './testing';

// uPlot draws on a canvas, which happy-dom does not have: a stand-in that takes data
vi.mock('uplot', () => ({
  default: class {
    setData(): void {}
    destroy(): void {}
  },
}));

afterEach(cleanup);

const graph = (nodes: ServiceGraph['nodes'], edges: ServiceGraph['edges'] = []): ServiceGraph => ({ schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes, edges });
const node = (id: string) => screen.getByTestId(`node-${id}`);
const portsOf = (el: HTMLElement, dir: 'in' | 'out') => [...el.querySelectorAll(`.f8-port-${dir}`)].map((p) => `${p.getAttribute('data-kind')}:${p.getAttribute('data-port')}`);

const sig = { nodeId: 'sig', kind: 'service' as const, serviceClass: 'f8.signal', position: { x: 0, y: 0 } };
const engine = [
  { nodeId: 'eng', kind: 'service' as const, serviceClass: 'f8.engine', position: { x: 300, y: 0 } },
  { nodeId: 'sm', kind: 'operator' as const, operatorClass: 'smooth', parentId: 'eng', position: { x: 340, y: 120 } },
];

describe('service node', () => {
  it('shows its label, class and instance id, its output port, the state shown on the node and its commands', () => {
    renderGraph(graph([sig]));
    const n = node('sig');
    expect(within(n).getByText('Signal generator')).toBeTruthy();
    expect(within(n).getByText('f8.signal · sig')).toBeTruthy();
    expect(portsOf(n, 'out')).toEqual(['data:value']);
    expect(n.querySelector('.f8-port-out .f8-handle-data')).not.toBeNull();
    expect(n.querySelector('[data-field="rate"]')?.textContent).toContain('10');
    // not deployed: the command waits for a running instance
    expect((within(n).getByRole('button', { name: 'reset' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the status word with its colour class, and follows the instance', () => {
    const { editor } = renderGraph(graph([sig]));
    expect(node('sig').querySelector('.f8-status')).toBeNull();
    act(() => editor.store.getState().applyLive([{ type: 'record', id: 'sig', record: record('activated') }]));
    const badge = node('sig').querySelector('.f8-status') as HTMLElement;
    expect(badge.textContent).toBe('activated');
    expect(badge.classList.contains('f8-tone-ok')).toBe(true);
    act(() => editor.store.getState().applyLive([{ type: 'record', id: 'sig', record: record('error') }]));
    expect(node('sig').querySelector('.f8-status')?.className).toContain('f8-tone-bad');
    act(() => editor.store.getState().applyLive([{ type: 'record', id: 'sig', record: record('unresponsive') }]));
    expect(node('sig').querySelector('.f8-status')?.className).toContain('f8-tone-warn');
    expect(node('sig').classList.contains('is-stale')).toBe(true);
  });

  it('a node whose class is not in the catalog says so', () => {
    renderGraph(graph([{ nodeId: 'ghost', kind: 'service', serviceClass: 'f8.nope' }]));
    expect(node('ghost').classList.contains('has-error')).toBe(true);
    expect(within(node('ghost')).getByRole('note').textContent).toContain('not in the catalog');
  });
});

describe('engine (container) and operator nodes', () => {
  it('the engine is a box with its title and class; the operator inside shows its label and its ports', () => {
    renderGraph(graph(engine));
    const eng = node('eng');
    expect(eng.classList.contains('f8-box')).toBe(true);
    expect(within(eng).getByText('Engine')).toBeTruthy();
    expect(within(eng).getByText('f8.engine · eng')).toBeTruthy();
    const sm = node('sm');
    expect(sm.classList.contains('f8-node-operator')).toBe(true);
    expect(within(sm).getByText('Smooth')).toBeTruthy();
    expect(portsOf(sm, 'in')).toEqual(['data:value']);
    expect(portsOf(sm, 'out')).toEqual(['data:out']);
    // the operator sits inside its engine on the canvas
    expect(sm.closest('.react-flow__node')?.getAttribute('data-id')).toBe('sm');
  });

  it("the operator's hidden fields open with 'n more fields'; the engine reports its head height for placement", () => {
    const { editor, unmount } = renderGraph(graph(engine));
    expect(node('sm').querySelector('[data-field="alpha"]')).toBeNull();
    fireEvent.click(within(node('sm')).getByRole('button', { name: '1 more field' }));
    expect(node('sm').querySelector('[data-field="alpha"]')).not.toBeNull();
    expect(within(node('sm')).getByRole('button', { name: 'fewer fields' }).getAttribute('aria-expanded')).toBe('true');
    expect(editor.headHeights.has('eng')).toBe(true);
    unmount();
    expect(editor.headHeights.has('eng')).toBe(false);
  });

  it('the engine shows its status; its operator shows the cook time from the engine stats', () => {
    const { editor } = renderGraph(graph(engine));
    act(() => editor.store.getState().applyLive([{ type: 'record', id: 'eng', record: { ...record('deactivated'), serviceClass: 'f8.engine' } }]));
    expect(node('eng').querySelector('.f8-status')?.className).toContain('f8-tone-idle');
    const stats = {
      pid: 1,
      uptimeMs: 1000,
      cpuPercent: 1,
      rssBytes: 1 << 20,
      heapUsedBytes: 1 << 20,
      inputs: [],
      outputs: [],
      handlerErrors: 0,
      operators: [{ nodeId: 'sm', calls: 3, meanMs: 1.5, p95Ms: 2 }],
    };
    act(() => editor.store.getState().applyLive([{ type: 'stats', id: 'eng', stats: stats as never }]));
    expect(node('sm').querySelector('.f8-stats')?.textContent).toBe('1.5 ms');
  });
});

describe('editor nodes', () => {
  const widgets = graph([
    { nodeId: 'plot', kind: 'editor', editorClass: 'plot', position: { x: 0, y: 0 } },
    { nodeId: 'disp', kind: 'editor', editorClass: 'display', position: { x: 0, y: 300 } },
    { nodeId: 'sl', kind: 'editor', editorClass: 'slider', label: 'Gain', position: { x: 300, y: 0 }, state: { min: 0, max: 10, value: 4 } },
    { nodeId: 'tg', kind: 'editor', editorClass: 'toggle', label: 'Switch', position: { x: 300, y: 300 } },
    { nodeId: 'btn', kind: 'editor', editorClass: 'button', label: 'Go', position: { x: 600, y: 0 } },
  ]);

  it('a plot waits for data; a display shows the last value that arrived', () => {
    const { editor } = renderGraph(widgets);
    expect(within(node('plot')).getByText('no data yet — deploy to plot')).toBeTruthy();
    expect(portsOf(node('plot'), 'in')).toEqual(['data:value']);
    expect(within(node('disp')).getByLabelText('display').textContent).toBe('—');
    act(() => editor.series.get('disp').push(Date.now(), 2.5));
    return vi.waitFor(() => expect(within(node('disp')).getByLabelText('display').textContent).toBe('2.5'));
  });

  it('a slider and a toggle edit the node state (one undo step each); a button waits for the lease', () => {
    const { editor } = renderGraph(widgets);
    const slider = within(node('sl')).getByLabelText('Gain value') as HTMLInputElement;
    expect(slider.value).toBe('4');
    fireEvent.change(slider, { target: { value: '7' } });
    expect(editor.store.getState().graph.nodes.find((n) => n.nodeId === 'sl')?.state?.value).toBe(7);
    const toggle = within(node('tg')).getByRole('switch');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle);
    expect(editor.store.getState().graph.nodes.find((n) => n.nodeId === 'tg')?.state?.value).toBe(true);
    expect(within(node('tg')).getByRole('switch').textContent).toBe('on');
    act(() => editor.store.getState().undo());
    expect(within(node('tg')).getByRole('switch').textContent).toBe('off');
    expect(editor.store.getState().graph.nodes.find((n) => n.nodeId === 'sl')?.state?.value).toBe(7);
    const press = () => within(node('btn')).getByRole('button', { name: 'press' }) as HTMLButtonElement;
    expect(press().disabled).toBe(true);
    act(() => editor.store.getState().setLease({ role: 'holder', holder: 'test', expiresAt: null }));
    expect(press().disabled).toBe(false);
  });
});

describe('below the zoom threshold', () => {
  it('every card is a plain box with its label and status word, the status as its colour', () => {
    const { editor } = renderGraph(graph([sig, ...engine]), 0.3);
    act(() => editor.store.getState().applyLive([{ type: 'record', id: 'sig', record: record('activated') }]));
    const box = node('sig');
    expect(box.classList.contains('f8-simple')).toBe(true);
    expect(box.classList.contains('f8-tone-ok')).toBe(true);
    expect(box.getAttribute('data-status')).toBe('activated');
    expect(box.textContent).toBe('Signal generatoractivated');
    expect(box.querySelector('.f8-port')).toBeNull();
    // an operator with nothing running shows its class
    expect(node('sm').classList.contains('f8-simple')).toBe(true);
    expect(node('sm').textContent).toBe('Smoothsmooth');
    // the engine stays a box, without its port names
    expect(node('eng').classList.contains('f8-box')).toBe(true);
  });
});
