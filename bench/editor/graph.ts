// The editor rows' graph: N signal generators in a grid (50 a row), every other one feeding the
// next one's frequency through a state edge; as the editor's graph file and as stock React
// Flow's nodes and edges (the same ids, positions and edges).
export const COLS = 50;
export const DX = 260;
export const DY = 220;

export interface BenchGraph {
  nodes: { nodeId: string; kind: 'service'; serviceClass: string; position: { x: number; y: number } }[];
  edges: { kind: 'state'; from: { nodeId: string; port: string }; to: { nodeId: string; port: string } }[];
}

export function benchGraph(n: number): BenchGraph {
  const nodes = Array.from({ length: n }, (_, i) => ({ nodeId: `n${i}`, kind: 'service' as const, serviceClass: 'f8.signal', position: { x: (i % COLS) * DX, y: Math.floor(i / COLS) * DY } }));
  const edges = [];
  for (let i = 0; i + 1 < n; i += 2) edges.push({ kind: 'state' as const, from: { nodeId: `n${i}`, port: 'frequency' }, to: { nodeId: `n${i + 1}`, port: 'frequency' } });
  return { nodes, edges };
}

export function graphFile(g: BenchGraph): string {
  return JSON.stringify({ schemaVersion: 'f8studio-graph/1', graphId: 'bench', name: 'bench', nodes: g.nodes, edges: g.edges });
}

/** The nodes a large graph opens on (the editor's rule in commands/files.ts: the 12 top-left ones). */
export function corner(g: BenchGraph): string[] {
  return [...g.nodes]
    .sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x)
    .slice(0, 12)
    .map((n) => n.nodeId);
}

export function stockGraph(g: BenchGraph, size: { width: number; height: number }) {
  return {
    nodes: g.nodes.map((n) => ({ id: n.nodeId, x: n.position.x, y: n.position.y, label: `Signal generator ${n.nodeId}` })),
    edges: g.edges.map((e) => ({ source: e.from.nodeId, target: e.to.nodeId })),
    corner: corner(g),
    width: size.width,
    height: size.height,
  };
}
