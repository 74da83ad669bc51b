// The pure graph compiler: ServiceGraph -> per-instance subgraphs, half-edges, plan, diagnostics.
export { compile, compileCatalogFrom, sortDiagnostics, CONTAINER_CLASS, CROSS_DATA_DEFAULTS } from './compile.js';
export { planDeploy } from './plan.js';
export type { CompileCatalog, Compilation, CompiledSubgraph, Diagnostic, PlanEntry } from './types.js';
export { ConnectionChecker, type ConnectionCandidate } from './connect.js';
export { restate, structureKey, type RestateBase } from './restate.js';
