// f8.engine: hosts an operator graph (the runtime in ./runtime) and runs it every tickMs while
// activated. Subgraphs arrive through deployOpGraph; they are validated and applied between
// ticks (on failure the old graph keeps running and the reply says why). Operators that did
// not change keep their internal state across applies.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { manifestBeside, runService, F8Error, TickTimes, type ServiceContext, type Subgraph, type StateFieldSpec } from '../../../src/sdk/index.js';
import { Engine, createDefaultRegistry, loadPlugins, type EngineGraph } from './runtime/index.js';

const registry = createDefaultRegistry();
const pluginList = (process.env.F8_OPERATOR_RUNTIME_MODULES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map((s) => (/^[a-z]+:/.test(s) ? s : pathToFileURL(resolve(s)).href));
const plugins = await loadPlugins(pluginList, registry);
for (const e of plugins.errors) process.stderr.write(`${e}\n`);

let ctxRef: ServiceContext | null = null;
const engine = new Engine({
  registry,
  onPrint: (nodeId, text) => process.stdout.write(`[${nodeId}] ${text}\n`),
  onStateChange: (nodeId, field, value) => void ctxRef?.setState(field, value, nodeId),
  readExternal: (nodeId, port) => {
    const alias = inAlias.get(pk(nodeId, port));
    const r = alias ? ctxRef?.read(alias.port, alias.nodeId) : ctxRef?.read(port, nodeId);
    return r && r.has ? r.value : undefined;
  },
  onOutput: (nodeId, port, value) => {
    // undefined is "nothing at all" (e.g. an expression that does not parse): JSON cannot carry
    // it, and a bus message without a value would be dropped as malformed, so none is sent. A
    // null (no value) is sent: consumers whose input excludes null do not apply it.
    if (value === undefined) return;
    ctxRef?.publish(port, value, nodeId);
    for (const a of outAlias.get(pk(nodeId, port)) ?? []) ctxRef?.publish(a.port, value, a.nodeId);
  },
  onError: (nodeId, message) => process.stderr.write(`engine${nodeId ? ` [${nodeId}]` : ''}: ${message}\n`),
});
let graph: EngineGraph = { nodes: [], edges: [] };
let timer: ReturnType<typeof setInterval> | null = null;

const CONTAINER = 'f8.container';
const pk = (nodeId: string, port: string) => `${nodeId}\u0000${port}`;
/** Operator inputs fed from one of the engine's own data-in ports, and outputs sent to its data-out ports. */
let inAlias = new Map<string, { nodeId: string; port: string }>();
let outAlias = new Map<string, { nodeId: string; port: string }[]>();

/** The engine-local part of a subgraph (containers group operators and have no behaviour). */
export function toEngineGraph(sg: Subgraph): { graph: EngineGraph; inAlias: typeof inAlias; outAlias: typeof outAlias } {
  const ops = sg.nodes.filter((n) => n.kind === 'operator' && (n as { operatorClass: string }).operatorClass !== CONTAINER);
  const nodes = ops.map((n) => ({ nodeId: n.nodeId, operatorClass: (n as { operatorClass: string }).operatorClass, state: { ...(n.state ?? {}), ...(sg.state[n.nodeId] ?? {}) } }));
  const ids = new Set(nodes.map((n) => n.nodeId));
  const edges = sg.edges.filter((e) => ids.has(e.from.nodeId) && ids.has(e.to.nodeId)).map((e) => ({ ...(e.edgeId ? { edgeId: e.edgeId } : {}), kind: e.kind, from: e.from, to: e.to }));
  const ins = new Map<string, { nodeId: string; port: string }>();
  const outs = new Map<string, { nodeId: string; port: string }[]>();
  for (const e of sg.edges) {
    if (e.kind !== 'data') continue;
    if (e.from.nodeId === sg.instanceId && ids.has(e.to.nodeId)) ins.set(pk(e.to.nodeId, e.to.port), e.from);
    if (e.to.nodeId === sg.instanceId && ids.has(e.from.nodeId)) outs.set(pk(e.from.nodeId, e.from.port), [...(outs.get(pk(e.from.nodeId, e.from.port)) ?? []), e.to]);
  }
  const published = sg.halfEdges.filter((h) => h.kind === 'data' && h.direction === 'out' && ids.has(h.local.nodeId)).map((h) => h.local);
  for (const k of outs.keys()) {
    const [nodeId, port] = k.split('\u0000') as [string, string];
    published.push({ nodeId, port });
  }
  const seen = new Set<string>();
  const publishedOutputs = published.filter((p) => (seen.has(pk(p.nodeId, p.port)) ? false : (seen.add(pk(p.nodeId, p.port)), true)));
  return { graph: { nodes, edges, publishedOutputs }, inAlias: ins, outAlias: outs };
}

/** Tick durations for the `stats` verb. */
const ticks = new TickTimes();

function tickMs(ctx: ServiceContext): number {
  const v = ctx.getState('tickMs');
  return typeof v === 'number' && v >= 1 ? v : 50;
}

function schedule(ctx: ServiceContext): void {
  if (timer) clearInterval(timer);
  timer = null;
  if (!ctx.activated) return;
  const budget = tickMs(ctx);
  timer = setInterval(() => {
    const t0 = performance.now();
    engine.tick(Date.now());
    ticks.record(performance.now() - t0, budget);
  }, budget);
}

function fieldOf(nodeId: string, field: string): StateFieldSpec | undefined {
  const node = graph.nodes.find((n) => n.nodeId === nodeId);
  const def = node ? registry.get(node.operatorClass) : undefined;
  return def?.spec.stateFields?.find((f) => f.name === field) as StateFieldSpec | undefined;
}

await runService({
  manifest: manifestBeside(import.meta.url),
  async onStart(ctx) {
    ctxRef = ctx;
    await ctx.publishOperators(registry.specs());
  },
  onGraph(ctx, sg) {
    ctxRef = ctx;
    const next = toEngineGraph(sg);
    // Called between ticks (ticks run synchronously on the timer), so this is a tick boundary.
    const r = engine.apply(next.graph);
    if (!r.ok) throw new F8Error('invalid', `subgraph rejected, the previous graph keeps running: ${r.errors.join('; ')}`);
    graph = next.graph;
    inAlias = next.inAlias;
    outAlias = next.outAlias;
  },
  onActivate(ctx) {
    schedule(ctx);
  },
  onDeactivate(ctx) {
    schedule(ctx);
  },
  onStop() {
    if (timer) clearInterval(timer);
    engine.dispose();
  },
  onState(ctx, change) {
    if (change.nodeId === ctx.instanceId) {
      if (change.field === 'tickMs') schedule(ctx);
      return;
    }
    const r = engine.setState(change.nodeId, change.field, change.value);
    if (!r.ok) ctx.log(`state ${change.nodeId}.${change.field}: ${r.error}`);
  },
  resolveField: fieldOf,
  stats: () => ({ tick: ticks.snapshot(), operators: engine.cookTimes() }),
});
