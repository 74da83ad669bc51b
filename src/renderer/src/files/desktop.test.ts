// The File System Access path with a fake handle (Playwright cannot drive the real pickers),
// and graph file parsing.
import { describe, expect, it } from 'vitest';
import { pickerFiles } from './desktop';
import { graphFileName, graphFileText, parseGraphFile } from './graphfile';

function fakeWindow(initial: string) {
  const written: string[] = [];
  let closed = 0;
  const handle = {
    name: 'demo.f8graph',
    getFile: async () => ({ name: 'demo.f8graph', text: async () => initial }),
    createWritable: async () => ({ write: async (d: string) => void written.push(d), close: async () => void closed++ }),
  };
  const savedAs = { ...handle, name: 'other.f8graph' };
  let asked = 0;
  const win = {
    showOpenFilePicker: async () => [handle],
    showSaveFilePicker: async () => {
      asked++;
      return savedAs;
    },
  };
  return { win, handle, written, closedCount: () => closed, asked: () => asked };
}

describe('File System Access files', () => {
  it('opens through the picker, saves back to the same handle without asking, saves as through the save picker', async () => {
    const f = fakeWindow('{"x":1}');
    const files = pickerFiles(f.win);
    expect(files).not.toBeNull();
    const opened = await files!.open();
    expect(opened).toMatchObject({ name: 'demo.f8graph', text: '{"x":1}' });
    const saved = await files!.save('demo.f8graph', 'A', opened!.handle);
    expect(saved?.name).toBe('demo.f8graph');
    expect(f.asked()).toBe(0);
    const savedAs = await files!.save('demo.f8graph', 'B');
    expect(savedAs?.name).toBe('other.f8graph');
    expect(f.asked()).toBe(1);
    expect(f.written).toEqual(['A', 'B']);
    expect(f.closedCount()).toBe(2);
  });

  it('a cancelled picker is null, not an error; no pickers means no picker files', async () => {
    const abort = Object.assign(new Error('cancelled'), { name: 'AbortError' });
    const files = pickerFiles({ showOpenFilePicker: () => Promise.reject(abort), showSaveFilePicker: () => Promise.reject(abort) });
    expect(await files!.open()).toBeNull();
    expect(await files!.save('x.f8graph', 'x')).toBeNull();
    expect(pickerFiles({})).toBeNull();
  });
});

describe('graph files', () => {
  const g = { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'a', kind: 'service', serviceClass: 'f8.signal', position: { x: 1, y: 2 } }], edges: [] };
  it('round-trips a graph with positions', () => {
    const text = graphFileText(g as never);
    expect(parseGraphFile('a.f8graph', text)).toEqual({ graph: g });
  });
  it('refuses what is not a graph, saying what and where', () => {
    expect(parseGraphFile('x.json', '{oops')).toMatchObject({ error: expect.stringMatching(/^x\.json is not JSON/) });
    expect(parseGraphFile('x.json', '{"a":1}')).toMatchObject({ error: expect.stringContaining('schemaVersion is missing') });
    const bad = parseGraphFile('x.json', JSON.stringify({ ...g, nodes: [{ nodeId: 'a', kind: 'service' }] }));
    expect('error' in bad && bad.error).toMatch(/\/nodes\/0/);
  });
  it('file names', () => {
    expect(graphFileName('demo.json')).toBe('demo.f8graph');
    expect(graphFileName('My graph')).toBe('My graph.f8graph');
    expect(graphFileName('')).toBe('untitled.f8graph');
  });
});
