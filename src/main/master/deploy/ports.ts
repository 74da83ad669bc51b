// What a deploy needs from the rest of the master, named in one place so that deploy.ts reads on
// its own: the stored deploys (kv_f8_master), the compiler, what the registry knows of each
// instance, starting and stopping instances (the lifecycle), NATS permissions, the instances'
// verbs, and the deploy events. The master implements it (master/deploy-ports.ts).
import type { Compilation } from '../../../shared/compiler/index.js';
import type { DeployEvent } from '../../../shared/deploy-events.js';
import type { Logger } from '../../../shared/ports.js';
import type { InstanceClient } from '../../../bus/index.js';
import type { DeployInstanceResult, PlanCounts } from '../../../shared/verbs.js';
import type { HalfEdge, RestartPolicy, ServiceGraph } from '../../../shared/types.js';

export type { DeployEvent, DeployPhase } from '../../../shared/deploy-events.js';

/** kv_f8_master `graph`: one deploy, its graph and the whole compilation. */
export interface DeployedGraph {
  revision: number;
  etag: string;
  graph: ServiceGraph;
  compiled: Pick<Compilation, 'subgraphs'> & Partial<Compilation>;
  deployedAt: string;
  /** v1.1: the clientId that deployed it. */
  deployedBy?: string;
  /** v1.1: what the deploy did, per action. */
  counts?: PlanCounts;
}

export interface DeployPorts {
  compile(graph: unknown, previous: Pick<Compilation, 'subgraphs'> | null): Compilation | Promise<Compilation>;
  readDeployed(): Promise<{ value: DeployedGraph; kvRevision: number } | null>;
  /** The deploys kv_f8_master keeps (oldest first). */
  readHistory(): Promise<DeployedGraph[]>;
  /** Compare-and-set on the key's KV revision (null: create); resolves the key's new KV revision (kept in memory with the value). */
  writeDeployed(value: DeployedGraph, kvRevision: number | null): Promise<number | void>;
  /** What the master knows of an instance now (the registry's mirror of its status/summary), without asking it. */
  known?(instanceId: string): { status: string; graphRevision?: number | null } | undefined;
  /** Registered and answering. */
  isLive(instanceId: string): boolean;
  /** The master launched a process for it that has not exited (it may be unresponsive for a while, e.g. on a loaded machine). */
  hasProcess?(instanceId: string): boolean;
  /** Resolves once an automatic restart of the instance under way (if any) has registered its new process. */
  settleRestart?(instanceId: string): Promise<void>;
  /** Instances that run another subgraph than the deployed one (re-applied by the next deploy). */
  drifted?(): ReadonlySet<string>;
  /** NATS permissions for what the instances' half-edges need (before they apply a subgraph). */
  grant?(list: { instanceId: string; halfEdges: readonly HalfEdge[] }[]): Promise<void>;
  startInstance(req: { serviceClass: string; instanceId: string; restartPolicy?: RestartPolicy; state?: Record<string, unknown> }): Promise<void>;
  stopInstance(instanceId: string): Promise<void>;
  /** The master's typed client of an instance. */
  instance(instanceId: string): InstanceClient;
  /** State fields a serviceClass declares (to seed a launch with the node's values). */
  ownFields(serviceClass: string): string[];
  publishEvent(event: DeployEvent): void;
  /** Resolves when the instance's process exits (an apply waiting on it ends then, not at its timeout). */
  exited?(instanceId: string): { promise: Promise<void>; dispose(): void };
  log: Logger;
  now(): number;
}

/** One instance in a deploy's reply. */
export type InstanceResult = DeployInstanceResult;

/** How long an instance gets to answer a deploy's verb (status, deployOpGraph, activate). */
export const APPLY_TIMEOUT_MS = 10_000;
