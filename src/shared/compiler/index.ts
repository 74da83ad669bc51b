// The pure graph compiler: ServiceGraph -> per-instance subgraphs, half-edges, plan, diagnostics.
export { compile, compileCatalogFrom, promotedPortName, sortDiagnostics, CONTAINER_CLASS, CROSS_DATA_DEFAULTS, SUBGRAPH_SCHEMA_VERSION } from './compile.js';
export { planDeploy, stateResets, subgraphEtag } from './plan.js';
export { acceptsNull, dataFits, isAnySchema, sameStateSchema, satisfies, stripAnnotations, withoutNull } from './schema-compat.js';
export type { MismatchKind, Verdict } from './schema-compat.js';
export { adaptersOf, findAdapter, type Adapter } from './fixes.js';
export type { CompileCatalog, CompileOptions, Compilation, CompiledSubgraph, Diagnostic, DiagnosticCode, PlanEntry, Promotion } from './types.js';
export { ConnectionChecker, type ConnectionCandidate, type ConnectionVerdict } from './connect.js';
