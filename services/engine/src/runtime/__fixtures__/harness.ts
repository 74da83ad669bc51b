// Test helpers of the engine runtime (not built): an Engine with recording callbacks, edge
// builders, and a fake OperatorContext to run one operator without an engine.
import { Engine, type EngineOptions } from '../engine.js';
import { createDefaultRegistry } from '../operators/index.js';
import type { EngineEdge, EngineGraph, OperatorContext, OperatorDefinition, OperatorInstance } from '../types.js';

let edgeSeq = 0;
/** A data edge from 'node.port' to 'node.port'. */
export const data = (from: string, to: string, edgeId?: string): EngineEdge => {
  const [fn = '', fp = ''] = from.split('.');
  const [tn = '', tp = ''] = to.split('.');
  return { edgeId: edgeId ?? `d${++edgeSeq}`, kind: 'data', from: { nodeId: fn, port: fp }, to: { nodeId: tn, port: tp } };
};
/** An exec edge from 'node.port' to 'node.port'. */
export const exec = (from: string, to: string, edgeId?: string): EngineEdge => ({ ...data(from, to, edgeId ?? `x${++edgeSeq}`), kind: 'exec' });

/** An engine on the built-in registry (or `registry`) that records prints, state changes, outputs and errors. */
export function harness(extra: Partial<EngineOptions> = {}, registry = createDefaultRegistry()) {
  const prints: [string, string][] = [];
  const states: [string, string, unknown][] = [];
  const outputs: [string, string, unknown][] = [];
  const errors: string[] = [];
  const engine = new Engine({
    registry,
    onPrint: (n, t) => prints.push([n, t]),
    onStateChange: (n, f, v) => states.push([n, f, v]),
    onOutput: (n, p, v) => outputs.push([n, p, v]),
    onError: (_n, m) => errors.push(m),
    ...extra,
  });
  return { engine, prints, states, outputs, errors, texts: () => prints.map(([, t]) => t) };
}

/** Applies a graph that must be valid; its changes. */
export function applyOk(engine: Engine, graph: EngineGraph) {
  const r = engine.apply(graph);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.changes;
}

/** What a fake context starts from; `inputs` and `state` may be changed between calls. */
interface FakeRun {
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  now: number;
  dt: number;
  tick: number;
  random: () => number;
  logs: string[];
}

/**
 * One operator without an engine: an instance created with the spec's defaults merged with
 * `state`, and `output`/`exec` calls against a context the test controls.
 */
export function runOperator(def: OperatorDefinition, state: Record<string, unknown> = {}, inputs: Record<string, unknown> = {}) {
  const defaults = Object.fromEntries((def.spec.stateFields ?? []).filter((f) => f.default !== undefined).map((f) => [f.name, f.default]));
  const run: FakeRun = { inputs, state: { ...defaults, ...state }, now: 0, dt: 0, tick: 1, random: () => 0, logs: [] };
  const instance: OperatorInstance = def.create({ nodeId: 'n', state: { ...run.state } });
  const ctx = (execPort: string | undefined): OperatorContext => ({
    nodeId: 'n',
    execPort,
    input: (port) => run.inputs[port],
    state: (field) => run.state[field],
    setState: (field, value) => {
      run.state[field] = value;
    },
    now: run.now,
    dt: run.dt,
    tick: run.tick,
    log: (text) => run.logs.push(text),
    random: () => run.random(),
  });
  return {
    run,
    instance,
    output: (port = 'value') => instance.output?.(port, ctx(undefined)),
    exec: (port = 'in') => instance.exec?.(ctx(port)),
    /** Writes a state field the way the engine does for an outside write. */
    setState: (field: string, value: unknown) => {
      run.state[field] = value;
      instance.setState?.(field, value);
    },
    /** Advances to the next tick, `ms` later. */
    nextTick: (ms: number) => {
      run.now += ms;
      run.dt = ms;
      run.tick++;
    },
  };
}
