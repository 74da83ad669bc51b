// The command registry without a DOM: every shortcut belongs to one command, chords read the
// same way on every platform, and the edit commands change the document through graph ops.
import { readFileSync, readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { allCommands, chordOf, commandForChord, isEnabled, runCommand, shortcutLabel, type CommandContext } from './index';
import { createEditor } from '../store/editor';
import type { ServiceGraph } from '../../../shared/types';

const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } },
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine', position: { x: 300, y: 0 } },
    { nodeId: 'op1', kind: 'operator', operatorClass: 'smooth', parentId: 'eng', position: { x: 320, y: 60 } },
  ],
  edges: [{ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'op1', port: 'value' } }],
};

const { store } = createEditor({ clientId: 'test' });

const ctx = (): CommandContext => ({
  store,
  canvas: null,
  files: { open: async () => null, save: async (name) => ({ name }) },
  session: null,
  confirmDiscard: async () => true,
});

beforeEach(() => {
  store.setState({ notices: [] });
  store.getState().load(graph, null);
  store.getState().select([], []);
});

describe('command registry', () => {
  it('every command has a unique id and title; no shortcut is taken twice', () => {
    const cmds = allCommands();
    expect(new Set(cmds.map((c) => c.id)).size).toBe(cmds.length);
    const keys = cmds.flatMap((c) => c.keys ?? []);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['Mod+Z', 'Shift+Mod+Z', 'Mod+Y', 'Delete', 'Backspace', 'Mod+C', 'Mod+V', 'Mod+D', 'Mod+A', 'Mod+S', 'Shift+Mod+S', 'Mod+O', 'Mod+N', 'F5', 'Tab', 'Mod+K', 'F', 'L'])
      expect(commandForChord(k), k).toBeDefined();
  });

  it('every command has a test of its own in this folder', () => {
    const dir = new URL('.', import.meta.url);
    const tests = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const untested = allCommands().filter((c) => !tests.includes(`'${c.id}'`));
    expect(untested.map((c) => c.id)).toEqual([]);
  });

  it('reads chords the same on every platform', () => {
    expect(chordOf({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false }, false)).toBe('Mod+Z');
    expect(chordOf({ key: 'Z', ctrlKey: false, metaKey: true, shiftKey: true, altKey: false }, true)).toBe('Shift+Mod+Z');
    expect(chordOf({ key: 'Delete', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, false)).toBe('Delete');
    expect(shortcutLabel(['Shift+Mod+Z'], false)).toBe('Shift+Ctrl+Z');
    expect(shortcutLabel(['Shift+Mod+Z'], true)).toBe('⇧⌘Z');
  });
});

describe('edit commands', () => {
  it('delete removes the selection (an engine with its operators and edges); undo brings it back', async () => {
    const c = ctx();
    expect(isEnabled('edit.delete', c)).toBe(false);
    store.getState().select(['eng'], []);
    await runCommand('edit.delete', undefined, c);
    expect(store.getState().graph.nodes.map((n) => n.nodeId)).toEqual(['sig']);
    expect(store.getState().graph.edges).toEqual([]);
    await runCommand('edit.undo', undefined, c);
    expect(store.getState().graph).toEqual(graph);
    await runCommand('edit.redo', undefined, c);
    expect(store.getState().graph.nodes).toHaveLength(1);
  });

  it('duplicate copies the selection with new ids and its internal edges; select all selects every node', async () => {
    const c = ctx();
    await runCommand('edit.selectAll', undefined, c);
    expect([...store.getState().selectedNodes].sort()).toEqual(['eng', 'op1', 'sig']);
    await runCommand('edit.duplicate', undefined, c);
    const g = store.getState().graph;
    expect(g.nodes).toHaveLength(6);
    expect(g.edges).toHaveLength(2);
    expect([...store.getState().selectedNodes]).toHaveLength(3);
    expect(g.nodes.map((n) => n.nodeId)).toEqual(expect.arrayContaining(['signal', 'engine']));
  });

  it('arrow keys move the selection and its operators, as one undo step per run of presses', async () => {
    const c = ctx();
    store.getState().select(['eng'], []);
    await runCommand('edit.nudgeRight', undefined, c);
    await runCommand('edit.nudgeRight', undefined, c);
    const g = store.getState().graph;
    expect(g.nodes.find((n) => n.nodeId === 'eng')?.position).toEqual({ x: 320, y: 0 });
    expect(g.nodes.find((n) => n.nodeId === 'op1')?.position).toEqual({ x: 340, y: 60 });
    await runCommand('edit.undo', undefined, c);
    expect(store.getState().graph).toEqual(graph);
  });

  it('new asks before discarding unsaved changes, and keeps them when the answer is no', async () => {
    store.getState().apply({ type: 'setNodeLabel', nodeId: 'sig', label: 'x' });
    expect(store.getState().dirty).toBe(true);
    let asked = 0;
    await runCommand('file.new', undefined, { ...ctx(), confirmDiscard: async () => (asked++, false) });
    expect(asked).toBe(1);
    expect(store.getState().graph.nodes).toHaveLength(3);
    await runCommand('file.new', undefined, { ...ctx(), confirmDiscard: async () => true });
    expect(store.getState().graph.nodes).toHaveLength(0);
  });

  it('save writes the graph and clears the dirty marker', async () => {
    store.getState().apply({ type: 'setNodeLabel', nodeId: 'sig', label: 'x' });
    const saved: string[] = [];
    await runCommand('file.save', undefined, { ...ctx(), files: { open: async () => null, save: async (name, text) => (saved.push(text), { name }) } });
    expect(JSON.parse(saved[0] as string)).toEqual(store.getState().graph);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().file?.name).toBe('untitled.f8graph');
    expect(store.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);
  });

  it('with Live on, Open asks first: Cancel keeps the document, "Open, Live off" turns Live off, "Open and deploy" keeps it on', async () => {
    const text = JSON.stringify({ ...graph, graphId: 'other', nodes: graph.nodes.slice(0, 1), edges: [] });
    const files = { open: async () => ({ name: 'other.f8graph', text }), save: async (name: string) => ({ name }) };
    const asked: string[] = [];
    const answer = (a: 'confirm' | 'alternative' | 'cancel'): CommandContext => ({ ...ctx(), files, ask: async (q) => (asked.push(q.title), a) });
    store.getState().setLiveMode(true);
    await runCommand('file.open', undefined, answer('cancel'));
    expect(store.getState().graph.graphId).toBe('g');
    expect(store.getState().liveMode).toBe(true);
    await runCommand('file.open', undefined, answer('alternative'));
    expect(store.getState().graph.graphId).toBe('other');
    expect(store.getState().liveMode).toBe(true);
    store.getState().load(graph, null);
    await runCommand('file.open', undefined, answer('confirm'));
    expect(store.getState().graph.graphId).toBe('other');
    expect(store.getState().liveMode).toBe(false);
    expect(asked).toEqual(['Live is on: deploy other.f8graph?', 'Live is on: deploy other.f8graph?', 'Live is on: deploy other.f8graph?']);
    // with Live off nothing is asked
    await runCommand('file.open', undefined, answer('cancel'));
    expect(asked).toHaveLength(3);
  });

  it('a document detached from its file (after a revert) is unsaved and Save asks where instead of writing over the file', async () => {
    store.getState().load(graph, { name: 'mine.f8graph', handle: '/home/u/mine.f8graph' });
    store.getState().detachFile();
    expect(store.getState().dirty).toBe(true);
    const handles: unknown[] = [];
    await runCommand('file.save', undefined, { ...ctx(), files: { open: async () => null, save: async (name, _text, handle) => (handles.push(handle), { name }) } });
    expect(handles).toEqual([undefined]);
  });
});
