// The last compilation is reused for a graph that only moved its nodes and restated for one that
// changed state values; anything else compiles in full.
import { describe, expect, it } from 'vitest';
import { compile, restate, type CompileCatalog } from '../../../shared/compiler/index.js';
import { manifest } from '../testing.js';
import { CompileMemo } from './compile-memo.js';
import type { Manifest, ServiceGraph } from '../../../shared/types.js';

const catalog: CompileCatalog = { services: { 'x.src': manifest('x.src') as unknown as Manifest } };
const graph = (x: number, rate = 1, extra: Record<string, unknown> = {}): ServiceGraph =>
  ({ schemaVersion: 'f8studio-graph/1', graphId: 'm', nodes: [{ nodeId: 'a', kind: 'service', serviceClass: 'x.src', position: { x, y: 0 }, state: { rate }, ...extra }], edges: [] }) as ServiceGraph;

describe('CompileMemo', () => {
  it('compiles in full once for graphs that differ only in position, x-* fields or state values', () => {
    const memo = new CompileMemo();
    let full = 0;
    const run = (g: ServiceGraph, key = 'k') =>
      memo.compile(g, key, {
        full: () => {
          full++;
          return compile(g, catalog);
        },
        restate: (base, k) => restate(base, g, catalog, null, { key: k }),
      });
    const first = run(graph(0));
    expect(full).toBe(1);
    const moved = run(graph(50, 1, { 'x-color': 'red' }));
    expect(full).toBe(1);
    expect(moved.subgraphs).toBe(first.subgraphs);
    expect(moved.etag).toBe(first.etag);
    expect(moved.plan.map((p) => p.action)).toEqual(['start']);
    const changed = run(graph(50, 2)); // a state value: restated
    expect(full).toBe(1);
    expect(changed.subgraphs.a?.state).toEqual({ a: { rate: 2 } });
    expect(changed.etag).toBe(compile(graph(50, 2), catalog).etag);
    expect(changed.etag).not.toBe(first.etag);
    run(graph(50, 2, { label: 'L' })); // a label: compiled
    expect(full).toBe(2);
    run(graph(50, 2, { label: 'L' }), 'another catalog'); // the catalog changed: compiled
    expect(full).toBe(3);
    // a value or a position the schema refuses is not restated: the compiler reports it
    const refused = run(graph(50, 'fast' as unknown as number, { label: 'L' }), 'another catalog');
    expect(full).toBe(4);
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['bad-state-value']);
    const bad = run(graph('far' as unknown as number, 2), 'another catalog');
    expect(full).toBe(5);
    expect(bad.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
