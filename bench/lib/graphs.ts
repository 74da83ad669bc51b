// Graphs for the compile and deploy rows, and the floor that does the compiler's necessary work:
// ajv on the graph, canonical JSON and native SHA-256 of every subgraph and of the whole.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { loadManifest } from '../../src/main/master/catalog/manifest.js';
import { canonicalJson } from '../../src/shared/hash.js';
import { validate } from '../../src/shared/schemas.js';
import type { CompileCatalog, CompiledSubgraph } from '../../src/shared/compiler/index.js';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../src/shared/types.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The real engine manifest with its shipped operators. */
export async function engineCatalog(): Promise<CompileCatalog> {
  const r = await loadManifest(join(ROOT, 'services', 'engine', 'service.json'));
  if (!r.ok) throw new Error(`engine manifest: ${r.message}`);
  return { services: { [r.entry.serviceClass]: r.entry.manifest } };
}

export interface GraphVariant {
  /** Added to every constant's value (0: the base graph). */
  all?: number;
  /** Added to one constant's value (in engine 0). */
  one?: number;
  /** Added to every position. */
  shift?: number;
}

/**
 * `ops` operators over `engines` engines: pairs of constant -> clamp (a data edge inside the
 * engine), and one data edge from each engine to the next (a cross half-edge pair).
 */
export function makeGraph(ops: number, engines: number, v: GraphVariant = {}): ServiceGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const per = Math.max(2, Math.floor(ops / engines));
  const shift = v.shift ?? 0;
  for (let e = 0; e < engines; e++) {
    const eng = `eng${e}`;
    nodes.push({ nodeId: eng, kind: 'service', serviceClass: 'f8.engine', position: { x: e * 400 + shift, y: shift }, state: { tickMs: 1000 } } as GraphNode);
    for (let i = 0; i + 1 < per; i += 2) {
      const c = `${eng}c${i}`;
      const k = `${eng}k${i}`;
      const value = i + (v.all ?? 0) + (e === 0 && i === 0 ? (v.one ?? 0) : 0);
      nodes.push({ nodeId: c, kind: 'operator', operatorClass: 'constant', parentId: eng, position: { x: e * 400 + shift, y: i * 40 + shift }, label: `c ${i}`, state: { value } } as GraphNode);
      nodes.push({ nodeId: k, kind: 'operator', operatorClass: 'clamp', parentId: eng, position: { x: e * 400 + 150 + shift, y: i * 40 + shift }, state: { min: 0, max: 1000 } } as GraphNode);
      edges.push({ kind: 'data', from: { nodeId: c, port: 'value' }, to: { nodeId: k, port: 'value' } });
    }
    if (e > 0) {
      const s = `eng${e}smooth`;
      nodes.push({ nodeId: s, kind: 'operator', operatorClass: 'smooth', parentId: eng, position: { x: e * 400 + shift, y: -50 + shift }, state: { alpha: 0.5 } } as GraphNode);
      edges.push({ kind: 'data', from: { nodeId: `eng${e - 1}k0`, port: 'value' }, to: { nodeId: s, port: 'value' } });
    }
  }
  return { schemaVersion: 'f8studio-graph/1', graphId: 'bench', name: 'bench', nodes, edges } as ServiceGraph;
}

export const nativeSha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
export const nativeSha256 = (text: string): Uint8Array => createHash('sha256').update(text).digest();

/** The compile floor: schema check, canonical JSON + native SHA-256 of each subgraph and the whole. */
export function compileFloor(graph: unknown, subgraphs: Record<string, CompiledSubgraph>): string {
  const r = validate('service-graph', graph);
  if (!r.ok) throw new Error(`floor: invalid graph: ${r.message}`);
  for (const sg of Object.values(subgraphs)) {
    const body: Record<string, unknown> = { ...sg };
    delete body.etag;
    nativeSha256Hex(canonicalJson(body));
  }
  return nativeSha256Hex(canonicalJson({ subgraphs }));
}

/** Runs `fn` until at least `minMs` passed (and at least once); ms per call. */
export function timePerCall(fn: () => unknown, minMs: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    fn();
    n++;
    t = performance.now();
  } while (t - t0 < minMs);
  return (t - t0) / n;
}
