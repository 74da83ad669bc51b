// Types of the engine's operator runtime. Pure: no node:*, no NATS, no clock.
//
// The spec types are the project's own (src/shared/types.ts, re-exported by the SDK, which is
// what services may import); type-only, so the runtime stays pure.
export type { JsonSchema, OperatorSpec, PortSpec, StateFieldSpec } from '../../../../src/sdk/index.js';
import type { OperatorSpec } from '../../../../src/sdk/index.js';

// ---------------------------------------------------------------- operators

/** What an operator sees while it runs (one per call; valid only during that call). */
export interface OperatorContext {
  /** The node being run. */
  readonly nodeId: string;
  /** The exec input that fired (exec calls only; undefined in `output`). */
  readonly execPort: string | undefined;
  /**
   * Pull-evaluates a data input: the upstream output of an intra-engine data edge, else the
   * host's inbound cross-instance value (readExternal), else undefined. Cached per tick.
   */
  input(port: string): unknown;
  /** Current value of one of this node's state fields. */
  state(field: string): unknown;
  /** Writes one of this node's state fields; reported to the host (onStateChange) after the tick. */
  setState(field: string, value: unknown): void;
  /** Tick time in ms (as passed to engine.tick). */
  readonly now: number;
  /** ms since the previous tick (0 on the first tick). */
  readonly dt: number;
  /** Tick counter: 1 on the first tick, +1 each tick. */
  readonly tick: number;
  /** Prints a line (the host's onPrint). */
  log(text: string): void;
  /** A number in [0, 1) from the injected random source. */
  random(): number;
}

/** A live operator, created per node. Every method is optional. */
export interface OperatorInstance {
  /** An exec input fired: return the exec OUTPUT port name(s) to fire next, in order. */
  exec?(ctx: OperatorContext): string | readonly string[] | void;
  /** Pull-evaluates a data OUTPUT port (at most once per tick per port, unless invalidated). */
  output?(port: string, ctx: OperatorContext): unknown;
  /** A state value changed from outside (editor, redeploy, state edge). */
  setState?(field: string, value: unknown): void;
  /** The node left the graph (or changed class). */
  dispose?(): void;
}

export interface OperatorInit {
  nodeId: string;
  /** Spec defaults merged with the node's given state. */
  state: Record<string, unknown>;
}

export interface OperatorDefinition {
  spec: OperatorSpec;
  create(init: OperatorInit): OperatorInstance;
}

// ---------------------------------------------------------------- graphs

export type EdgeKind = 'data' | 'exec' | 'state';

export interface PortRef {
  nodeId: string;
  /** A port name, or for state edges a state field name. */
  port: string;
}

export interface EngineNode {
  nodeId: string;
  operatorClass: string;
  state?: Record<string, unknown>;
}

export interface EngineEdge {
  edgeId?: string;
  kind: EdgeKind;
  from: PortRef;
  to: PortRef;
}

export interface EngineGraph {
  nodes: EngineNode[];
  /** Intra-engine edges only. */
  edges: EngineEdge[];
  /** Data inputs fed from outside the engine (cross-instance half-edges, direction "in"). */
  externalInputs?: PortRef[];
  /** Data outputs the host publishes after each tick (cross-instance half-edges, direction "out"). */
  publishedOutputs?: PortRef[];
}

export interface ApplyChanges {
  /** New nodes (including nodes whose operatorClass changed). */
  added: string[];
  /** Disposed nodes (including nodes whose operatorClass changed). */
  removed: string[];
  /** Nodes that kept their OperatorInstance. */
  kept: string[];
  /** Kept nodes whose given state changed (setState was called). */
  updated: string[];
}

export type ApplyResult = { ok: true; changes: ApplyChanges } | { ok: false; errors: string[] };

export interface EngineSnapshot {
  /** The applied graph, each node's `state` being its current state. */
  graph: EngineGraph;
  /** nodeId -> field -> current value. */
  state: Record<string, Record<string, unknown>>;
}

export interface TickResult {
  tick: number;
  /** Exec steps run this tick. */
  steps: number;
  /** Errors that happened this tick (reported through onError only the first time). */
  errors: string[];
}
