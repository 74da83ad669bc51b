// The file commands not covered in commands.test.ts, one test each: Save as asks where even for
// a document with a file, Open example opens the demo as a new document, Open recent opens a
// remembered file by name.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLES } from '../files/examples';
import { rememberFile } from '../files/recent';
import { runCommand } from './registry';
import { graph, testbed } from './testing';

afterEach(() => vi.unstubAllGlobals());

describe('file commands', () => {
  it('save as asks where (no handle), then the document belongs to the new file', async () => {
    const t = testbed();
    t.store.getState().load(structuredClone(graph), { name: 'mine.f8graph', handle: '/home/u/mine.f8graph' });
    const saves: [string, unknown][] = [];
    const files = { open: async () => null, save: async (name: string, _text: string, handle?: unknown) => (saves.push([name, handle]), { name: 'copy.f8graph', handle: '/home/u/copy.f8graph' }) };
    await runCommand('file.saveAs', undefined, t.ctx({ files }));
    expect(saves).toEqual([['mine.f8graph', undefined]]);
    expect(t.store.getState().file).toEqual({ name: 'copy.f8graph', handle: '/home/u/copy.f8graph' });
    expect(t.store.getState().dirty).toBe(false);
  });

  it('open example loads the demo as a new, unsaved-to-file document', async () => {
    const t = testbed();
    const demo = EXAMPLES.find((e) => e.id === 'demo')!;
    await runCommand('file.openExample', 'demo', t.ctx());
    expect(t.store.getState().graph.graphId).toBe((JSON.parse(demo.text) as { graphId: string }).graphId);
    expect(t.store.getState().graph.nodes.length).toBeGreaterThan(0);
    expect(t.store.getState().file).toBeNull();
  });

  it('open recent opens a remembered file by name, and nothing for a name it does not know', async () => {
    const kv = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => kv.get(k) ?? null, setItem: (k: string, v: string) => void kv.set(k, v), removeItem: (k: string) => void kv.delete(k) });
    const t = testbed();
    rememberFile('other.f8graph', JSON.stringify({ ...graph, graphId: 'other', nodes: graph.nodes.slice(0, 1), edges: [] }));
    await runCommand('file.openRecent', 'nope.f8graph', t.ctx());
    expect(t.store.getState().graph.graphId).toBe('g');
    await runCommand('file.openRecent', 'other.f8graph', t.ctx());
    expect(t.store.getState().graph.graphId).toBe('other');
    expect(t.store.getState().file?.name).toBe('other.f8graph');
  });
});
