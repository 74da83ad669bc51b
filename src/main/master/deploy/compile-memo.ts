// The master's last compilation, kept for the next deploy. A graph that differs from the last one
// compiled only in its nodes' state values or in where they are drawn (`position`, `x-*`:
// view-only, docs/contract.md) is restated from it (src/shared/compiler/restate.ts: the changed
// values checked, only their subgraphs' state and etags written again; a move alone keeps the
// subgraphs as they are); anything else, or another catalog, compiles in full.
import { structureKey, type Compilation, type RestateBase } from '../../../shared/compiler/index.js';

export interface CompileRuns {
  full(): Compilation;
  restate(base: RestateBase, key: string | null): Compilation | null;
}

export class CompileMemo {
  private last: (RestateBase & { catalogKey: string }) | null = null;

  /** `catalogKey` names what else the compilation depends on (the catalog's manifests, the instance limit): a change there compiles again. */
  compile(graph: unknown, catalogKey: string, runs: CompileRuns): Compilation {
    const key = structureKey(graph);
    const hit = this.last;
    const restated = hit && hit.catalogKey === catalogKey ? runs.restate(hit, key) : null;
    const compiled = restated ?? runs.full();
    const ok = !compiled.diagnostics.some((d) => d.severity === 'error');
    this.last = key !== null && ok ? { graph, key, compiled, catalogKey } : null;
    return compiled;
  }
}
