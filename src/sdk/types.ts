// What a service's code sees and declares: the context, the definition, the host options
// (split out of host.ts).
import type { Read } from '../shared/strategies.js';
import type { Disposable } from '../shared/disposable.js';
import type { Manifest, LifecycleStatus, StateFieldSpec, Subgraph } from '../shared/types.js';
import type { InstanceStats } from '../shared/verbs.js';
import type { ServiceConfig } from './config.js';
import type { StateChange } from './state.js';

/** What a service's code sees. */
export interface ServiceContext {
  readonly instanceId: string;
  readonly serviceClass: string;
  readonly manifest: Manifest;
  readonly status: LifecycleStatus;
  readonly activated: boolean;
  readonly subgraph: Subgraph | null;
  log(text: string): void;
  /** Current value of a state field (own node by default). */
  getState(field: string, nodeId?: string): unknown;
  /** Writes a state field as the service (`source: engine`); skipped when unchanged. */
  setState(field: string, value: unknown, nodeId?: string): Promise<void>;
  /** Publishes a data output (own node by default); no-op while deactivated or unwired. */
  publish(port: string, value: unknown, nodeId?: string): void;
  /**
   * Reads a data input through its edge's strategy (a service without onData, like the engine);
   * in a service with onData, the value last handed to onData.
   */
  read(port: string, nodeId?: string): Read;
  /** A timer owned by the host (disposed on shutdown). */
  every(ms: number, fn: () => void): Disposable;
  /** Marks the instance `error` with a message (the process keeps running). */
  fail(message: string): Promise<void>;
  /** Ends an `error` set by fail(): the status goes back to what it was (activated or deactivated). */
  clearError(): Promise<void>;
  /** Engines: publishes the operator specs they run (shipped plus plugins) at `catalog/operators`. */
  publishOperators(specs: unknown[]): Promise<void>;
}

export interface ServiceDefinition {
  /** The manifest, or the path of service.json. */
  manifest: Manifest | string;
  /** Service-defined commands (`f8.<id>.cmd`); params are validated against the manifest first. */
  commands?: Record<string, (params: unknown, ctx: ServiceContext) => unknown>;
  onStart?(ctx: ServiceContext): void | Promise<void>;
  onActivate?(ctx: ServiceContext): void | Promise<void>;
  onDeactivate?(ctx: ServiceContext): void | Promise<void>;
  onStop?(ctx: ServiceContext): void | Promise<void>;
  /** A state value changed from outside (editor, state edge, deploy). */
  onState?(ctx: ServiceContext, change: StateChange): void;
  /**
   * Every value of every data input, raw, as it arrives (docs/data-edges.md). A service that has
   * onData takes all its inputs here (ctx.read then returns the value last handed to it); one
   * without reads them with ctx.read through each edge's strategy. A handler that returns a
   * promise gets the next value of that input once it settles; meanwhile the edge's strategy
   * decides what waits (a queue keeps up to queueSize values, the others only the newest).
   */
  onData?(ctx: ServiceContext, nodeId: string, port: string, value: unknown): void | Promise<void>;
  /** Validates and applies a subgraph (engines); throw F8Error('invalid') to refuse it. */
  onGraph?(ctx: ServiceContext, subgraph: Subgraph): void | Promise<void>;
  /** Engines: tick and operator figures for the `stats` verb. */
  stats?(ctx: ServiceContext): Pick<InstanceStats, 'tick' | 'operators'>;
  /** State field specs of nodes other than the service's own (engines' operators). */
  resolveField?(nodeId: string, field: string): StateFieldSpec | undefined;
}

export interface HostOptions {
  config?: Partial<ServiceConfig>;
  env?: NodeJS.ProcessEnv;
  /** Exit the process after `terminate` or a signal (default true in runService). */
  exitProcess?: boolean;
  /** Initial register retry delay (doubles up to 2 s). */
  registerBackoffMs?: number;
  now?: () => number;
}
