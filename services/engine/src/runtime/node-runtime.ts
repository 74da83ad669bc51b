// The engine's nodes at run time: an operator instance with its state, and how applying a graph
// keeps the instances whose class is unchanged and creates the others (nothing committed until
// the whole graph is in place: a failing create disposes what was created).
import type { ApplyChanges, EngineNode, OperatorDefinition, OperatorInstance, OperatorSpec } from './types.js';
import { isRecord, sameValue } from './values.js';
import { message, names, stateDefaults, structuredCloneJson, type Blueprint } from './blueprint.js';

export interface NodeRt {
  nodeId: string;
  operatorClass: string;
  spec: OperatorSpec;
  instance: OperatorInstance;
  /** Current state values. */
  state: Record<string, unknown>;
  /** The state the applied graph gave this node (deploy diffs compare against it). */
  declared: Record<string, unknown>;
  dataOut: string[];
  hasExec: boolean;
}

/** A kept node's new given state and the fields that differ from its previous one. */
export interface KeptUpdate {
  rt: NodeRt;
  declared: Record<string, unknown>;
  changed: [string, unknown][];
}

/** The nodes of a graph about to be applied: kept instances and new ones, nothing committed yet. */
export interface ApplyPlan {
  nodes: Map<string, NodeRt>;
  changes: ApplyChanges;
  keptUpdates: KeptUpdate[];
}

/**
 * Keeps each node whose operatorClass is unchanged (diffing its given state) and creates the
 * others. A failing create disposes what was created and says which node failed.
 */
export function instantiate(bp: Blueprint, old: ReadonlyMap<string, NodeRt>): ApplyPlan | { error: string } {
  const plan: ApplyPlan = { nodes: new Map(), changes: { added: [], removed: [], kept: [], updated: [] }, keptUpdates: [] };
  const created: NodeRt[] = [];
  for (const n of bp.graph.nodes) {
    const given = n.state ?? {};
    const prev = old.get(n.nodeId);
    if (prev !== undefined && prev.operatorClass === n.operatorClass) {
      const changed = Object.entries(given).filter(([field, value]) => !(field in prev.declared) || !sameValue(prev.declared[field], value));
      plan.keptUpdates.push({ rt: prev, declared: given, changed });
      plan.nodes.set(n.nodeId, prev);
      plan.changes.kept.push(n.nodeId);
      if (changed.length > 0) plan.changes.updated.push(n.nodeId);
      continue;
    }
    const def = bp.defs.get(n.nodeId) as OperatorDefinition;
    let rt: NodeRt;
    try {
      rt = createNode(n, def, given);
    } catch (err) {
      for (const c of created) safeDispose(c.instance);
      return { error: `node ${JSON.stringify(n.nodeId)}: ${n.operatorClass} create failed: ${message(err)}` };
    }
    created.push(rt);
    plan.nodes.set(n.nodeId, rt);
    plan.changes.added.push(n.nodeId);
  }
  return plan;
}

/** A new node: the spec's defaults merged with its given state, and its operator instance (create may throw). */
function createNode({ nodeId, operatorClass }: EngineNode, def: OperatorDefinition, given: Record<string, unknown>): NodeRt {
  const state = { ...stateDefaults(def.spec), ...structuredCloneJson(given) };
  const instance = def.create({ nodeId, state: { ...state } });
  if (!isRecord(instance)) throw new Error('create() did not return an object');
  return {
    nodeId,
    operatorClass,
    spec: def.spec,
    instance,
    state,
    declared: given,
    dataOut: names(def.spec.dataOutPorts),
    hasExec: (def.spec.execInPorts ?? []).length > 0 || (def.spec.execOutPorts ?? []).length > 0,
  };
}

export function safeDispose(instance: OperatorInstance): void {
  try {
    instance.dispose?.();
  } catch {
    // a failing dispose of a never-used instance is ignored
  }
}
