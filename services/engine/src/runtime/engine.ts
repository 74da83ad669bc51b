// The operator engine: validates and applies operator graphs (diffing against the running one)
// and runs ticks (exec chains from entrypoints, pull-evaluated data cached per tick).
// Pure: time arrives through tick(now), randomness through the injected random().
import { CookTimes, type CookTime } from './cook-times.js';
import type { ApplyResult, EngineSnapshot, OperatorContext, OperatorDefinition, PortRef, TickResult } from './types.js';
import { checkValue, describeValue, sameValue, seededRandom } from './values.js';
import { buildBlueprint, copyGraph, key, message, names, structuredCloneJson, type Blueprint } from './blueprint.js';
import { emptyStructure, structureOf, type Structure } from './structure.js';
import { instantiate, safeDispose, type KeptUpdate, type NodeRt } from './node-runtime.js';

export interface EngineOptions {
  /** Where operator classes are looked up (an OperatorRegistry). */
  registry: { get(operatorClass: string): OperatorDefinition | undefined };
  /** A print operator (or ctx.log) printed a line. */
  onPrint?(nodeId: string, text: string): void;
  /** An operator (or a state edge) changed a node's state; called after the tick. */
  onStateChange?(nodeId: string, field: string, value: unknown): void;
  /** Inbound cross-instance value of a data input without an intra-engine upstream. */
  readExternal?(nodeId: string, port: string): unknown;
  /** After each tick, for every data output in the graph's publishedOutputs. */
  onOutput?(nodeId: string, port: string, value: unknown): void;
  /** A runtime error (an operator threw, the step limit was hit). Each distinct message once per applied graph. */
  onError?(nodeId: string | null, message: string): void;
  /** Random source in [0, 1); default a seeded deterministic PRNG. */
  random?(): number;
  /** Milliseconds for operator cook times (default performance.now). */
  clock?(): number;
  /** Exec steps allowed per tick before the tick is cut short (default 10000). */
  maxStepsPerTick?: number;
}

export const DEFAULT_MAX_STEPS_PER_TICK = 10_000;

export class Engine {
  readonly #opts: EngineOptions;
  readonly #random: () => number;
  readonly #maxSteps: number;
  #s: Structure = emptyStructure();
  /** The last value each null-free input was given, which it keeps while its source says null. */
  #held = new Map<string, unknown>();
  #tick = 0;
  #now = 0;
  #prevNow: number | undefined;
  #dt = 0;
  /** Per-tick caches and bookkeeping. */
  #cache = new Map<string, unknown>();
  #externalCache = new Map<string, unknown>();
  #evaluating = new Set<string>();
  #pendingState = new Map<string, unknown>();
  #tickErrors: string[] = [];
  /** Per node: calls and recent self times of its operator code (exec and output), for stats. */
  #cook: CookTimes;
  /** Messages already sent to onError since the last apply. */
  #reported = new Set<string>();
  #inTick = false;

  constructor(opts: EngineOptions) {
    this.#opts = opts;
    this.#random = opts.random ?? seededRandom();
    this.#maxSteps = opts.maxStepsPerTick ?? DEFAULT_MAX_STEPS_PER_TICK;
    this.#cook = new CookTimes(opts.clock);
  }

  // ------------------------------------------------------------ validation

  /** Problems of a graph (each naming its node, edge or port); empty when it can be applied. */
  validate(graph: unknown): string[] {
    const r = buildBlueprint(graph, this.#opts.registry);
    return 'errors' in r ? r.errors : [];
  }

  // ------------------------------------------------------------ apply

  /**
   * Validates `graph` and, when valid, swaps it in atomically (call between ticks). Nodes whose
   * operatorClass is unchanged keep their instance; their given state is diffed against the
   * previous graph's given state and changed fields go to setState. New nodes are created with
   * the spec's defaults merged with their given state; removed nodes are disposed. On failure
   * nothing changes.
   */
  apply(graph: unknown): ApplyResult {
    if (this.#inTick) return { ok: false, errors: ['apply called during a tick; call it between ticks'] };
    const bp = buildBlueprint(graph, this.#opts.registry);
    if ('errors' in bp) return { ok: false, errors: bp.errors };
    const plan = instantiate(bp, this.#s.nodes);
    if ('error' in plan) return { ok: false, errors: [plan.error] };

    // Nothing below can fail: commit.
    const removed: NodeRt[] = [];
    for (const [id, rt] of this.#s.nodes) {
      if (plan.nodes.get(id) !== rt) {
        removed.push(rt);
        plan.changes.removed.push(id);
      }
    }
    for (const update of plan.keptUpdates) this.#updateKept(update);
    this.#s = this.#structure(bp, plan.nodes, plan.changes.added);
    this.#reported.clear();
    for (const rt of removed) {
      try {
        rt.instance.dispose?.();
      } catch (err) {
        this.#report(rt.nodeId, `node ${JSON.stringify(rt.nodeId)}: dispose failed: ${message(err)}`);
      }
    }
    return { ok: true, changes: plan.changes };
  }

  /** A kept node takes its new given state: changed fields go to its state and its setState. */
  #updateKept({ rt, declared, changed }: KeptUpdate): void {
    rt.declared = declared;
    for (const [field, value] of changed) {
      rt.state[field] = structuredCloneJson(value);
      try {
        rt.instance.setState?.(field, structuredCloneJson(value));
      } catch (err) {
        this.#report(rt.nodeId, `node ${JSON.stringify(rt.nodeId)}: setState(${field}) failed: ${message(err)}`);
      }
    }
  }

  /** The running structure of an applied blueprint; inputs of `added` nodes start with nothing held. */
  #structure(bp: Blueprint, nodes: Map<string, NodeRt>, added: readonly string[]): Structure {
    const s = structureOf(bp, nodes);
    // a new or re-created node starts with nothing held
    for (const k of [...this.#held.keys()]) {
      const nodeId = k.slice(0, k.indexOf('\u0000'));
      if (!s.nullFree.has(k) || added.includes(nodeId)) this.#held.delete(k);
    }
    return s;
  }

  /**
   * A state value written from outside (the editor's setState verb, a cross-instance state edge).
   * Checks the node, the field and (minimally) the value; does not check access (the host does)
   * and does not call onStateChange (the host recorded the write itself).
   */
  setState(nodeId: string, field: string, value: unknown): { ok: true } | { ok: false; error: string } {
    const rt = this.#s.nodes.get(nodeId);
    if (rt === undefined) return { ok: false, error: `unknown node ${JSON.stringify(nodeId)}` };
    const spec = (rt.spec.stateFields ?? []).find((f) => f.name === field);
    if (spec === undefined) return { ok: false, error: `node ${JSON.stringify(nodeId)} (${rt.operatorClass}) has no state field ${JSON.stringify(field)}` };
    const problem = checkValue(spec.valueSchema, value);
    if (problem !== null) return { ok: false, error: `node ${JSON.stringify(nodeId)}: state field ${JSON.stringify(field)} ${problem}` };
    rt.state[field] = structuredCloneJson(value);
    try {
      rt.instance.setState?.(field, structuredCloneJson(value));
    } catch (err) {
      return { ok: false, error: `node ${JSON.stringify(nodeId)}: setState(${field}) failed: ${message(err)}` };
    }
    return { ok: true };
  }

  /** The applied graph with each node's current state. */
  snapshot(): EngineSnapshot {
    const graph = copyGraph(this.#s.graph);
    const state: Record<string, Record<string, unknown>> = {};
    for (const n of graph.nodes) {
      const rt = this.#s.nodes.get(n.nodeId);
      if (rt === undefined) continue;
      const copy = structuredCloneJson(rt.state);
      state[n.nodeId] = copy;
      n.state = structuredCloneJson(copy);
    }
    return { graph, state };
  }

  /** Disposes every instance and empties the engine. */
  dispose(): void {
    for (const rt of this.#s.nodes.values()) safeDispose(rt.instance);
    this.#s = emptyStructure();
    this.#held.clear();
  }

  // ------------------------------------------------------------ tick

  /**
   * Runs one tick at time `now` (ms): every entrypoint (e.g. `tick`) fires, exec chains run
   * depth-first, then state edges propagate, publishedOutputs go to onOutput, and state changes
   * to onStateChange.
   */
  tick(now: number): TickResult {
    if (this.#inTick) throw new Error('tick() re-entered');
    this.#inTick = true;
    this.#tick++;
    this.#dt = this.#prevNow === undefined ? 0 : now - this.#prevNow;
    this.#prevNow = now;
    this.#now = now;
    this.#cache = new Map();
    this.#externalCache = new Map();
    this.#evaluating = new Set();
    this.#pendingState = new Map();
    this.#tickErrors = [];
    let steps = 0;
    const s = this.#s;
    try {
      let aborted = false;
      for (const entry of s.entrypoints) {
        if (aborted) break;
        const stack: { nodeId: string; port: string | undefined }[] = [{ nodeId: entry, port: undefined }];
        while (stack.length > 0) {
          const item = stack.pop() as { nodeId: string; port: string | undefined };
          if (++steps > this.#maxSteps) {
            this.#report(null, `tick stopped after ${this.#maxSteps} exec steps (runaway graph?)`);
            aborted = true;
            steps = this.#maxSteps;
            break;
          }
          const rt = s.nodes.get(item.nodeId);
          if (rt === undefined) continue;
          const outs = this.#exec(rt, item.port);
          const targets: PortRef[] = [];
          for (const out of outs) targets.push(...(s.execTargets.get(key(rt.nodeId, out)) ?? []));
          for (let i = targets.length - 1; i >= 0; i--) {
            const t = targets[i] as PortRef;
            stack.push({ nodeId: t.nodeId, port: t.port });
          }
        }
      }

      for (const e of s.stateEdges) {
        const src = s.nodes.get(e.from.nodeId);
        const dst = s.nodes.get(e.to.nodeId);
        if (src === undefined || dst === undefined) continue;
        const value = src.state[e.from.port];
        if (value === undefined || sameValue(dst.state[e.to.port], value)) continue;
        this.#writeState(dst, e.to.port, structuredCloneJson(value));
        try {
          dst.instance.setState?.(e.to.port, structuredCloneJson(value));
        } catch (err) {
          this.#report(dst.nodeId, `node ${JSON.stringify(dst.nodeId)}: setState(${e.to.port}) failed: ${message(err)}`);
        }
      }

      for (const p of s.published) {
        const value = this.#output(p.nodeId, p.port);
        try {
          this.#opts.onOutput?.(p.nodeId, p.port, value);
        } catch (err) {
          this.#report(p.nodeId, `onOutput(${p.nodeId}.${p.port}) failed: ${message(err)}`);
        }
      }

      for (const [k, value] of this.#pendingState) {
        const [nodeId, field] = k.split('\u0000') as [string, string];
        try {
          this.#opts.onStateChange?.(nodeId, field, value);
        } catch (err) {
          this.#report(nodeId, `onStateChange(${nodeId}.${field}) failed: ${message(err)}`);
        }
      }
    } finally {
      this.#inTick = false;
    }
    return { tick: this.#tick, steps, errors: this.#tickErrors };
  }

  /** Operator cook times since start: calls, mean and p95 of the recent self times, per node. */
  cookTimes(): CookTime[] {
    return this.#cook.report((id) => this.#s.nodes.has(id));
  }

  #exec(rt: NodeRt, port: string | undefined): string[] {
    let result: unknown;
    try {
      result = this.#cook.time(rt.nodeId, () => rt.instance.exec?.(this.#ctx(rt, port)));
    } catch (err) {
      this.#report(rt.nodeId, `node ${JSON.stringify(rt.nodeId)} (${rt.operatorClass}): exec failed: ${message(err)}`);
      result = undefined;
    }
    // Its outputs (and everything pulling from them) may differ now.
    for (const dep of this.#s.dependents.get(rt.nodeId) ?? []) {
      const d = this.#s.nodes.get(dep);
      if (d !== undefined) for (const out of d.dataOut) this.#cache.delete(key(dep, out));
    }
    const outs = typeof result === 'string' ? [result] : Array.isArray(result) ? result : [];
    const valid = names(rt.spec.execOutPorts);
    const fired: string[] = [];
    for (const out of outs) {
      if (typeof out === 'string' && valid.includes(out)) fired.push(out);
      else this.#report(rt.nodeId, `node ${JSON.stringify(rt.nodeId)} (${rt.operatorClass}): exec returned unknown exec output ${describeValue(out)}`);
    }
    return fired;
  }

  #output(nodeId: string, port: string): unknown {
    const k = key(nodeId, port);
    if (this.#cache.has(k)) return this.#cache.get(k);
    const rt = this.#s.nodes.get(nodeId);
    if (rt === undefined || this.#evaluating.has(k)) return undefined;
    this.#evaluating.add(k);
    let value: unknown;
    try {
      value = this.#cook.time(nodeId, () => rt.instance.output?.(port, this.#ctx(rt, undefined)));
    } catch (err) {
      this.#report(nodeId, `node ${JSON.stringify(nodeId)} (${rt.operatorClass}): output ${JSON.stringify(port)} failed: ${message(err)}`);
      value = undefined;
    } finally {
      this.#evaluating.delete(k);
    }
    this.#cache.set(k, value);
    return value;
  }

  // The null rule (docs/ports-and-types.md; the compiler's dataFits judges edges by it): null
  // means "no value". An input whose valueSchema excludes null is never handed a null, from an
  // intra-engine edge or from outside: it keeps the last value it was given (undefined before
  // the first, which operators read as unconnected). Inputs that accept null get it as it is.
  #input(nodeId: string, port: string): unknown {
    const k = key(nodeId, port);
    const value = this.#rawInput(nodeId, port, k);
    if (!this.#s.nullFree.has(k)) return value;
    if (value === null) return this.#held.get(k);
    if (value !== undefined) this.#held.set(k, value);
    return value;
  }

  #rawInput(nodeId: string, port: string, k: string): unknown {
    const up = this.#s.dataUpstream.get(k);
    if (up !== undefined) return this.#output(up.nodeId, up.port);
    if (this.#externalCache.has(k)) return this.#externalCache.get(k);
    let value: unknown;
    try {
      value = this.#opts.readExternal?.(nodeId, port);
    } catch (err) {
      this.#report(nodeId, `readExternal(${nodeId}.${port}) failed: ${message(err)}`);
    }
    this.#externalCache.set(k, value);
    return value;
  }

  #writeState(rt: NodeRt, field: string, value: unknown): void {
    if (sameValue(rt.state[field], value)) return;
    rt.state[field] = value;
    this.#pendingState.set(key(rt.nodeId, field), value);
  }

  #ctx(rt: NodeRt, execPort: string | undefined): OperatorContext {
    const fields = rt.spec.stateFields ?? [];
    return {
      nodeId: rt.nodeId,
      execPort,
      now: this.#now,
      dt: this.#dt,
      tick: this.#tick,
      input: (port) => this.#input(rt.nodeId, String(port)),
      state: (field) => rt.state[field],
      setState: (field, value) => {
        if (!fields.some((f) => f.name === field)) throw new Error(`setState: ${rt.operatorClass} has no state field ${JSON.stringify(field)}`);
        this.#writeState(rt, field, value);
      },
      log: (text) => {
        try {
          this.#opts.onPrint?.(rt.nodeId, String(text));
        } catch (err) {
          this.#report(rt.nodeId, `onPrint failed: ${message(err)}`);
        }
      },
      random: () => this.#random(),
    };
  }

  #report(nodeId: string | null, msg: string): void {
    this.#tickErrors.push(msg);
    if (this.#reported.has(msg)) return;
    if (this.#reported.size < 1000) this.#reported.add(msg);
    try {
      this.#opts.onError?.(nodeId, msg);
    } catch {
      // the host's error sink failing must not break the tick
    }
  }
}
