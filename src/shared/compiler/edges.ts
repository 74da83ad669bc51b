// One edge's checks (pure): its ends exist and have the right kind, data fits, state fields
// agree and allow it, exec stays inside one engine. The compiler and the editor's connection
// check share it, so this is where a connection is allowed or refused. Every error here ends
// with `; fix: <what to do>` (the editor shows it next to the cursor and in Problems).
//
// Data edges follow the null rule (schema-compat.ts, docs/ports-and-types.md): `null` means
// "no value" and is never delivered to an input that excludes it, so `number | null` feeds
// `number`.
import { canonicalJson } from '../hash.js';
import type { GraphEdge } from '../types.js';
import type { Diagnostics } from './diagnostics.js';
import { article, ROLE_NAMES, type NodeInfo, type PortRole } from './resolve.js';
import { dataFix, type Adapter } from './fixes.js';
import { dataFits, sameStateSchema } from './schema-compat.js';
import { ref } from './util.js';

const DATA_ONLY_OPTIONS = ['strategy', 'queueSize', 'timeoutMs', 'dropOld'] as const;

/** What the checks may consult beyond the two nodes: the catalog's operators, asked for only when a fix needs them. */
export interface EdgeContext {
  adapters(): readonly Adapter[];
}

const NO_ADAPTERS: EdgeContext = { adapters: () => [] };

/** Checks one edge between two resolved nodes; its problems go to `diags`. */
export function checkEdge(edge: GraphEdge, edgeId: string, from: NodeInfo, to: NodeInfo, diags: Diagnostics, ctx: EdgeContext = NO_ADAPTERS): void {
  if (edge.kind !== 'data' && (from.free || to.free)) {
    const editor = from.free ? from : to;
    diags.error(
      'editor-data-only',
      `${edge.kind} edge '${edgeId}': ${editor.what} takes data edges only (editor nodes have no state bucket and no engine); fix: wire a data output to a data input instead`,
      { edgeId, nodeId: editor.node.nodeId, port: editor === from ? edge.from.port : edge.to.port },
    );
    return;
  }
  for (const key of DATA_ONLY_OPTIONS) {
    if (edge.kind !== 'data' && edge[key] !== undefined) {
      diags.warning('bad-edge-option', `edge '${edgeId}': '${key}' applies to data edges only and is ignored on a ${edge.kind} edge`, { edgeId });
    }
  }
  const fromRole: PortRole = edge.kind === 'data' ? 'dataOut' : edge.kind === 'exec' ? 'execOut' : 'state';
  const toRole: PortRole = edge.kind === 'data' ? 'dataIn' : edge.kind === 'exec' ? 'execIn' : 'state';
  const fromOk = checkEnd(from, edge.from.port, fromRole, edge, edgeId, diags);
  const toOk = checkEnd(to, edge.to.port, toRole, edge, edgeId, diags);
  if (edge.kind === 'data' && fromOk && toOk) checkData(from, to, edge, edgeId, diags, ctx);
  if (edge.kind === 'state') checkState(from, to, fromOk, toOk, edge, edgeId, diags);
  if (edge.kind === 'exec') {
    const sameEngine = from.node.kind === 'operator' && to.node.kind === 'operator' && from.host !== undefined && from.host === to.host;
    const unresolved = (from.node.kind === 'operator' && from.host === undefined) || (to.node.kind === 'operator' && to.host === undefined);
    if (!sameEngine && !unresolved) {
      diags.error(
        'exec-cross-engine',
        `exec edge '${edgeId}' joins ${from.what} (in ${from.host ?? '?'}) and ${to.what} (in ${to.host ?? '?'}): exec edges join operators of one engine; fix: move both into one engine, or pass the value with a data edge`,
        { edgeId, nodeId: to.node.nodeId, port: edge.to.port },
      );
    }
  }
}

function checkEnd(info: NodeInfo, port: string, role: PortRole, edge: GraphEdge, edgeId: string, diags: Diagnostics): boolean {
  if (info.free) return true;
  if (!info.known) return false;
  const has: Record<PortRole, boolean> = {
    dataIn: info.dataIn.has(port),
    dataOut: info.dataOut.has(port),
    execIn: info.execIn.has(port),
    execOut: info.execOut.has(port),
    state: info.fields.has(port),
  };
  if (has[role]) return true;
  const at = { edgeId, nodeId: info.node.nodeId, port };
  const actual = (Object.keys(has) as PortRole[]).filter((r) => has[r]);
  if (actual.length > 0) {
    const fix =
      edge.kind === 'data'
        ? 'join a data output (circle) to a data input (circle)'
        : edge.kind === 'state'
          ? 'join two state fields (diamonds)'
          : 'join an exec output (triangle) to an exec input (triangle)';
    diags.error('kind-mismatch', `edge '${edgeId}': '${port}' of ${info.what} is ${actual.map((r) => article(ROLE_NAMES[r])).join(' and ')}, not ${article(ROLE_NAMES[role])}; fix: ${fix}`, at);
  } else {
    diags.error('missing-port', `edge '${edgeId}': ${info.what} has no ${ROLE_NAMES[role]} '${port}'; fix: ${missingPortFix(info, port, role)}`, at);
  }
  return false;
}

function missingPortFix(info: NodeInfo, port: string, role: PortRole): string {
  const names =
    role === 'dataIn'
      ? [...info.dataIn.keys()]
      : role === 'dataOut'
        ? [...info.dataOut.keys()]
        : role === 'execIn'
          ? [...info.execIn]
          : role === 'execOut'
            ? [...info.execOut]
            : [...info.fields.keys()];
  const noun = ROLE_NAMES[role];
  const listed = names.length === 0 ? `it has no ${noun}s` : `use one of its ${noun}s: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}`;
  return info.extensible.has(role) ? `${listed}, or declare '${port}' as an extra ${noun} of the node` : listed;
}

function checkData(from: NodeInfo, to: NodeInfo, edge: GraphEdge, edgeId: string, diags: Diagnostics, ctx: EdgeContext): void {
  if (from.free || to.free) return;
  const producer = from.dataOut.get(edge.from.port)?.valueSchema;
  const consumer = to.dataIn.get(edge.to.port)?.valueSchema;
  const verdict = dataFits(producer, consumer);
  if (!verdict.ok) {
    const fix = dataFix(verdict, producer, consumer, ctx.adapters());
    diags.error('data-incompatible', `edge '${edgeId}': ${ref(edge.from)} does not fit ${ref(edge.to)}: ${verdict.reason}; fix: ${fix}`, { edgeId, nodeId: edge.to.nodeId, port: edge.to.port });
  }
}

function checkState(from: NodeInfo, to: NodeInfo, fromOk: boolean, toOk: boolean, edge: GraphEdge, edgeId: string, diags: Diagnostics): void {
  const source = fromOk && !from.free ? from.fields.get(edge.from.port) : undefined;
  const target = toOk && !to.free ? to.fields.get(edge.to.port) : undefined;
  if (source && target && !sameStateSchema(source.valueSchema, target.valueSchema)) {
    diags.error(
      'state-type-mismatch',
      `edge '${edgeId}': state ${ref(edge.from)} has schema ${canonicalJson(source.valueSchema)} but ${ref(edge.to)} has ${canonicalJson(target.valueSchema)}; state edges join fields of the same schema; fix: join it to a field with the same valueSchema, or pass the value with a data edge`,
      { edgeId, nodeId: edge.to.nodeId, port: edge.to.port },
    );
  }
  if (target && target.access === 'ro') {
    diags.error(
      'state-target-ro',
      `edge '${edgeId}': state ${ref(edge.to)} is read-only (ro) and cannot be the target of a state edge; fix: reverse the edge, or target a field that is not read-only`,
      { edgeId, nodeId: edge.to.nodeId, port: edge.to.port },
    );
  }
  if (source && source.access === 'wo') {
    diags.error(
      'state-source-wo',
      `edge '${edgeId}': state ${ref(edge.from)} is write-only (wo) and cannot be the source of a state edge; fix: reverse the edge, or start from a field that is not write-only`,
      { edgeId, nodeId: edge.from.nodeId, port: edge.from.port },
    );
  }
}
