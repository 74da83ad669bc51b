// The last compilation is reused for a graph that only moved its nodes; anything else compiles.
import { describe, expect, it } from 'vitest';
import { compile, type CompileCatalog } from '../../../shared/compiler/index.js';
import { manifest } from '../testing.js';
import { CompileMemo, layoutFreeKey } from './compile-memo.js';
import type { Manifest, ServiceGraph } from '../../../shared/types.js';

const catalog: CompileCatalog = { services: { 'x.src': manifest('x.src') as unknown as Manifest } };
const graph = (x: number, rate = 1, extra: Record<string, unknown> = {}): ServiceGraph =>
  ({ schemaVersion: 'f8studio-graph/1', graphId: 'm', nodes: [{ nodeId: 'a', kind: 'service', serviceClass: 'x.src', position: { x, y: 0 }, state: { rate }, ...extra }], edges: [] }) as ServiceGraph;

describe('CompileMemo', () => {
  it('compiles once for graphs that differ only in position or x-* fields', () => {
    const memo = new CompileMemo();
    let runs = 0;
    const run = (g: ServiceGraph, key = 'k') =>
      memo.compile(g, key, null, () => {
        runs++;
        return compile(g, catalog);
      });
    const first = run(graph(0));
    expect(runs).toBe(1);
    const moved = run(graph(50, 1, { 'x-color': 'red' }));
    expect(runs).toBe(1);
    expect(moved.subgraphs).toBe(first.subgraphs);
    expect(moved.etag).toBe(first.etag);
    expect(moved.plan.map((p) => p.action)).toEqual(['start']);
    run(graph(50, 2)); // a state value: compiled
    expect(runs).toBe(2);
    run(graph(50, 2), 'another catalog'); // the catalog changed: compiled
    expect(runs).toBe(3);
    // a position the schema refuses is not taken from the memo: the compiler reports it
    const bad = run(graph('far' as unknown as number, 2), 'another catalog');
    expect(runs).toBe(4);
    expect(bad.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it("keys a graph without its nodes' position and x-* fields only", () => {
    expect(layoutFreeKey(graph(1))).toBe(layoutFreeKey(graph(2, 1, { 'x-note': 1 })));
    expect(layoutFreeKey(graph(1))).not.toBe(layoutFreeKey(graph(1, 1, { label: 'L' })));
    expect(layoutFreeKey({ nodes: 'no' })).toBeNull();
  });
});
