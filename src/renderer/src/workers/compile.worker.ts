// The live compile off the main thread for large graphs (a same-origin worker file, as the CSP
// requires). Message in: {id, graph: {graph, catalog, previous}}; out: {id, result: Analysis}.
import { installValidators, installValueValidator } from '../../../shared/schemas';
import { interpretingValidator } from '../../../shared/value-validator';
import type { CompileCatalog, Compilation } from '../../../shared/compiler';
import type { ServiceGraph } from '../../../shared/types';
import { validators } from '../generated/validators.js';
import { analyse } from '../graph/analysis';

installValidators(validators);
installValueValidator(interpretingValidator);

export interface CompileRequest {
  graph: ServiceGraph;
  catalog: CompileCatalog;
  previous: Pick<Compilation, 'subgraphs'> | null;
  live: ReadonlySet<string> | null;
}

self.onmessage = (e: MessageEvent<{ id: number; graph: CompileRequest }>) => {
  const { id, graph: req } = e.data;
  try {
    self.postMessage({ id, result: analyse(req.graph, req.catalog, req.previous, req.live) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
