// Undo/redo over graph operations (docs/architecture.md: edits are data, undone by their inverse): recorded edits push their inverse;
// remote updates (record: false) change the graph but are never undone.
import type { ServiceGraph } from '../types.js';
import { applyOp, type ApplyResult, type GraphOp } from './ops.js';

export const DEFAULT_HISTORY_LIMIT = 200;

export interface ApplyOptions {
  /** false for remote/live updates: applied, not undoable. Default true. */
  record?: boolean;
  /** Consecutive recorded ops with the same key (e.g. one drag) form one undo step. */
  coalesceKey?: string;
}

export interface HistoryOptions {
  /** Undo steps kept (oldest dropped first). Default 200. */
  limit?: number;
}

interface Step {
  inverse: GraphOp;
  coalesceKey?: string;
}

export class History {
  #graph: ServiceGraph;
  readonly #limit: number;
  #undo: Step[] = [];
  #redo: Step[] = [];
  /** The key the top undo step may still absorb ops under; cleared by any other recorded op, undo or redo. */
  #openKey: string | undefined;

  constructor(graph: ServiceGraph, options: HistoryOptions = {}) {
    this.#graph = graph;
    const limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
    this.#limit = Number.isInteger(limit) && limit >= 0 ? limit : DEFAULT_HISTORY_LIMIT;
  }

  get graph(): ServiceGraph {
    return this.#graph;
  }
  get canUndo(): boolean {
    return this.#undo.length > 0;
  }
  get canRedo(): boolean {
    return this.#redo.length > 0;
  }
  get undoDepth(): number {
    return this.#undo.length;
  }
  get redoDepth(): number {
    return this.#redo.length;
  }

  /** Applies `op`; on error nothing changes (graph and stacks). */
  apply(op: GraphOp, options: ApplyOptions = {}): ApplyResult {
    const r = applyOp(this.#graph, op);
    if ('error' in r) return r;
    this.#graph = r.graph;
    if (options.record === false) return r;
    this.#redo = [];
    const key = options.coalesceKey;
    const top = this.#undo[this.#undo.length - 1];
    if (key !== undefined && top !== undefined && this.#openKey === key) {
      top.inverse = composeInverse(r.inverse, top.inverse);
    } else {
      this.#push({ inverse: r.inverse, ...(key === undefined ? {} : { coalesceKey: key }) });
    }
    this.#openKey = key;
    return r;
  }

  /** Undoes the last recorded step. False when there is none, or when it no longer applies (then it is dropped). */
  undo(): boolean {
    return this.#step(this.#undo, this.#redo);
  }

  /** Redoes the last undone step. False when there is none, or when it no longer applies (then it is dropped). */
  redo(): boolean {
    return this.#step(this.#redo, this.#undo);
  }

  /** Forgets every step (e.g. after loading another graph). */
  clear(): void {
    this.#undo = [];
    this.#redo = [];
    this.#openKey = undefined;
  }

  #step(from: Step[], to: Step[]): boolean {
    this.#openKey = undefined;
    const step = from.pop();
    if (!step) return false;
    const r = applyOp(this.#graph, step.inverse);
    if ('error' in r) return false;
    this.#graph = r.graph;
    to.push({ ...step, inverse: r.inverse });
    if (to === this.#undo) this.#trim();
    return true;
  }

  #push(step: Step): void {
    this.#undo.push(step);
    this.#trim();
  }

  #trim(): void {
    if (this.#undo.length > this.#limit) this.#undo.splice(0, this.#undo.length - this.#limit);
  }
}

/**
 * One inverse equivalent to applying `newer` then `older`, kept compact for the common
 * coalesced edits (moves, a field or label edited repeatedly).
 */
export function composeInverse(newer: GraphOp, older: GraphOp): GraphOp {
  if (newer.type === 'moveNodes' && older.type === 'moveNodes') {
    // A later move of the same node is overwritten by older's; moves of distinct nodes commute.
    const covered = new Set(older.moves.map((m) => m.nodeId));
    return { type: 'moveNodes', moves: [...newer.moves.filter((m) => !covered.has(m.nodeId)), ...older.moves] };
  }
  if (newer.type === 'setNodeLabel' && older.type === 'setNodeLabel' && newer.nodeId === older.nodeId) return older;
  if (newer.type === 'setNodeState' && older.type === 'setNodeState' && newer.nodeId === older.nodeId && newer.field === older.field && newer.keepEmpty === older.keepEmpty) {
    return older;
  }
  if (newer.type === 'setEdgeOptions' && older.type === 'setEdgeOptions' && newer.edgeId === older.edgeId) {
    return { type: 'setEdgeOptions', edgeId: older.edgeId, options: { ...newer.options, ...older.options } };
  }
  return { type: 'batch', ops: [newer, older] };
}
