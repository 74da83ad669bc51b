// The master's last compilation, kept for the next deploy: a graph that differs from the last one
// compiled only in where its nodes are drawn (`position`, `x-*`: view-only, docs/contract.md) compiles
// to the same subgraphs, so it is checked (depth, schema) but not compiled again; the plan is
// made afresh against the previous compilation (etags known: nothing is hashed).
import { canonicalJson } from '../../../shared/hash.js';
import { jsonDepthProblem } from '../../../shared/limits.js';
import { validate } from '../../../shared/schemas.js';
import { planDeploy, type Compilation } from '../../../shared/compiler/index.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The graph's canonical JSON without the nodes' view-only drawing fields; null when it has no node list. */
export function layoutFreeKey(graph: unknown): string | null {
  if (!isObject(graph) || !Array.isArray(graph.nodes)) return null;
  const nodes = graph.nodes.map((n: unknown) => {
    if (!isObject(n)) return n;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(n)) if (k !== 'position' && !k.startsWith('x-')) out[k] = n[k];
    return out;
  });
  return canonicalJson({ ...graph, nodes });
}

export class CompileMemo {
  private last: { key: string; catalogKey: string; compiled: Compilation } | null = null;

  /**
   * `run` compiles; `catalogKey` names what else the compilation depends on (the catalog's
   * manifests, the instance limit): a change there compiles again.
   */
  compile(graph: unknown, catalogKey: string, previous: Pick<Compilation, 'subgraphs'> | null, run: () => Compilation): Compilation {
    const key = layoutFreeKey(graph);
    const hit = this.last;
    if (key !== null && hit && hit.key === key && hit.catalogKey === catalogKey && jsonDepthProblem(graph) === null && validate('service-graph', graph).ok) {
      return { ...hit.compiled, plan: planDeploy(previous, hit.compiled.subgraphs) };
    }
    const compiled = run();
    const ok = !compiled.diagnostics.some((d) => d.severity === 'error');
    this.last = key !== null && ok ? { key, catalogKey, compiled } : null;
    return compiled;
  }
}
