// The compiler's public types.
import type { HalfEdge, Manifest, OperatorSpec, Subgraph } from '../types.js';
import type { Sha256 } from '../hash.js';

export interface CompileCatalog {
  /** serviceClass -> manifest (engines carry `operators`: the specs they ship). */
  services: Record<string, Manifest>;
  /** Optional extra operator specs per engine instanceId (runtime `catalog/operators`, plugins). */
  engineOperators?: Record<string, OperatorSpec[]>;
  /** The master's instances-per-graph limit (its `ping` reply), when it differs from the default. */
  maxInstances?: number;
  /**
   * The SHA-256 for etags and derived ids (default the pure one, as the browser uses): the master
   * hands in node:crypto's. Same function, same bytes: the output does not change.
   */
  sha256?: Sha256;
}

export type DiagnosticCode =
  | 'schema'
  | 'internal'
  | 'duplicate-node-id'
  | 'too-many-instances'
  | 'duplicate-edge-id'
  | 'bad-id'
  | 'unknown-service-class'
  | 'unknown-operator-class'
  | 'bad-parent'
  | 'unknown-node'
  | 'missing-port'
  | 'extra-port-not-allowed'
  | 'bad-schema'
  | 'kind-mismatch'
  | 'data-incompatible'
  | 'state-type-mismatch'
  | 'exec-cross-engine'
  | 'exec-fan-in'
  | 'exec-cycle'
  | 'multiple-upstreams'
  | 'state-target-ro'
  | 'state-source-wo'
  | 'state-cycle'
  | 'bad-edge-option'
  | 'bad-state-value'
  | 'unknown-state-field'
  | 'editor-data-only';

export interface Diagnostic {
  code: DiagnosticCode | (string & {});
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
}

/** A subgraph as compiled: etag filled in (etagOf the subgraph without etag and deployRevision). */
export type CompiledSubgraph = Omit<Subgraph, 'deployRevision'>;

export interface PlanEntry {
  instanceId: string;
  action: 'start' | 'stop' | 'reconfigure' | 'unchanged';
  reasons: string[];
  /** v1.1: the nodes (operators too) the deploy adds, removes or changes on this instance. */
  nodes: { added: string[]; removed: string[]; changed: string[] };
}

/** A data edge that crosses container boundaries: the container ports the compiler synthesized. */
export interface Promotion {
  edgeId: string;
  /** The containers crossed, in path order: exits (innermost first), then entries (outermost first). */
  containers: string[];
  /** The synthesized port's name on each of them (`p_<edgeId>`). */
  port: string;
}

export interface Compilation {
  /** Keyed by instanceId, one per service node (engines included); editor pseudo-instances are not here. */
  subgraphs: Record<string, CompiledSubgraph>;
  /** The editor pseudo-instance's side (when the graph has editor nodes). */
  editor?: { instanceId: string; halfEdges: HalfEdge[] };
  /** Sorted by instanceId. */
  plan: PlanEntry[];
  /** Sorted by (code, nodeId, edgeId, port, message). */
  diagnostics: Diagnostic[];
  /** etagOf({subgraphs, editor}); '' when there are errors. */
  etag: string;
  /** Auto-promotions, sorted by edgeId. */
  promotions: Promotion[];
}

/** Reserved for future options (v1.1 dropped clientId: editor nodes always live on EDITOR_INSTANCE_ID). */
export interface CompileOptions {
  /** Service instances a graph may have (default MAX_INSTANCES_PER_GRAPH; the master may set its own). */
  maxInstances?: number;
  /**
   * The SHA-256 for etags and derived ids (default the pure one, as the browser uses): the master
   * hands in node:crypto's. Same function, same bytes: the output does not change.
   */
  sha256?: Sha256;
}
