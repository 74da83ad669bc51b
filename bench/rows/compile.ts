// The compiler against its necessary work (ajv on the graph, canonical JSON and native SHA-256 of
// every subgraph and the whole), at 200 / 1k / 10k / 50k operators; the master's compile (native
// SHA-256 handed in) is the one measured.
import { compile, type Compilation } from '../../src/shared/compiler/index.js';
import { compileFloor, engineCatalog, makeGraph, nativeSha256, timePerCall } from '../lib/graphs.js';
import type { Group, Runner, Sample } from '../lib/table.js';

const SIZES: [string, number, number][] = [
  ['compile-200', 200, 10],
  ['compile-1k', 1_000, 10],
  ['compile-10k', 10_000, 10],
  ['compile-50k', 50_000, 10],
];

const opts = { sha256: nativeSha256 };

export const compileGroup: Group = {
  name: 'compile',
  rows: [
    ...SIZES.map(([name, n]) => ({
      name,
      figure: `compile ${n} operators (10 engines)`,
      floor: 'ajv on the graph + canonical JSON + native SHA-256 of subgraphs and whole',
      unit: 'ms',
      target: { kind: 'ratio<=' as const, value: 2.5 },
    })),
    { name: 'compile-200-ms', figure: 'compile 200 operators, absolute', floor: 'the same floor', unit: 'ms', target: { kind: 'abs<=', value: 5 } },
    { name: 'compile-linear', figure: 'us per node at 50k / us per node at 1k', floor: "the floor's own ratio", unit: 'x', target: { kind: 'abs<=', value: 1.5 } },
  ],
  async start(only): Promise<Runner> {
    const catalog = await engineCatalog();
    const sizes = SIZES.filter(([name]) => !only || only.has(name) || only.has('compile-200-ms') || only.has('compile-linear'));
    const cases = sizes.map(([name, n, engines]) => {
      const graph = makeGraph(n, engines);
      const first: Compilation = compile(graph, catalog, null, opts);
      if (first.diagnostics.some((d) => d.severity === 'error')) throw new Error(`${name}: ${first.diagnostics[0]?.message}`);
      return { name, n, graph, subgraphs: first.subgraphs, minMs: n >= 10_000 ? 1 : 300 };
    });
    // warm-up: the JIT of both paths
    for (const c of cases.slice(0, 2)) timePerCall(() => (compileFloor(c.graph, c.subgraphs), compile(c.graph, catalog, null, opts)), 300);
    return {
      async round(i) {
        const out: Record<string, Sample> = {};
        for (const c of cases) {
          const floor = () => timePerCall(() => compileFloor(c.graph, c.subgraphs), c.minMs);
          const ours = () => timePerCall(() => compile(c.graph, catalog, null, opts), c.minMs);
          const a = floor();
          const o = ours();
          const b = floor();
          out[c.name] = i % 2 ? { a: b, ours: o, b: a } : { a, ours: o, b };
          await new Promise((r) => setImmediate(r));
        }
        const s200 = out['compile-200'];
        if (s200) out['compile-200-ms'] = s200;
        const k1 = out['compile-1k'];
        const k50 = out['compile-50k'];
        if (k1 && k50) out['compile-linear'] = { a: k50.a / 50 / k1.a, ours: k50.ours / 50 / k1.ours, b: k50.b / 50 / k1.b };
        return out;
      },
      async stop() {},
    };
  },
};
