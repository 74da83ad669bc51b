// The connection matrix of a catalog (pure; test fixture): for every data output of every
// service and operator, which data inputs it may feed, by the ConnectionChecker, and why the
// others are refused. connection-matrix.test.ts holds the checker to the checked-in
// connection-matrix.json computed from the repo's services/*/service.json and the engine's
// operators.json.
import { canonicalJson } from '../../hash.js';
import type { GraphNode, OperatorSpec, PortSpec } from '../../types.js';
import { ConnectionChecker } from '../connect.js';
import type { CompileCatalog } from '../types.js';

export const MATRIX_COMMAND = 'F8_WRITE_MATRIX=1 npx vitest run src/shared/compiler/connection-matrix.test.ts';

export interface ConnectionMatrix {
  about: string;
  summary: { outputs: number; inputs: number; pairs: number; allowed: number; refused: number };
  /** Every data input: its valueSchema, in short. */
  inputs: Record<string, string>;
  outputs: { from: string; schema: string; allowed: string[]; refused: Record<string, string> }[];
}

interface Port {
  /** `service <class>:<port>` or `operator <class>:<port>` */
  id: string;
  nodeId: string;
  port: string;
  schema: unknown;
}

/** A valueSchema in short: `number | null`, `any`, or its canonical JSON. */
export function describeSchema(schema: unknown): string {
  if (schema === undefined || schema === true) return 'any';
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return canonicalJson(schema);
  const s = schema as Record<string, unknown>;
  const keys = Object.keys(s).filter((k) => k !== 'title' && k !== 'description');
  if (keys.length === 0) return 'any';
  if (keys.length === 1 && keys[0] === 'type') return Array.isArray(s.type) ? (s.type as string[]).join(' | ') : String(s.type);
  return canonicalJson(schema);
}

const slug = (cls: string): string => cls.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');

export function connectionMatrix(catalog: CompileCatalog): ConnectionMatrix {
  const nodes: GraphNode[] = [];
  const outs: Port[] = [];
  const ins: Port[] = [];
  const addPorts = (kind: 'service' | 'operator', cls: string, producer: string, consumer: string, dataIn: PortSpec[] = [], dataOut: PortSpec[] = []): void => {
    for (const p of dataOut) outs.push({ id: `${kind} ${cls}:${p.name}`, nodeId: producer, port: p.name, schema: p.valueSchema });
    for (const p of dataIn) ins.push({ id: `${kind} ${cls}:${p.name}`, nodeId: consumer, port: p.name, schema: p.valueSchema });
  };
  const classes = Object.keys(catalog.services).sort();
  // Each class twice (a producer node and a consumer node), so no pair is a node wired to itself.
  for (const cls of classes) {
    const m = catalog.services[cls]!;
    const [p, c] = [`p-${slug(cls)}`, `c-${slug(cls)}`];
    nodes.push({ nodeId: p, kind: 'service', serviceClass: cls }, { nodeId: c, kind: 'service', serviceClass: cls });
    addPorts('service', cls, p, c, m.dataInPorts, m.dataOutPorts);
  }
  const seen = new Set<string>();
  for (const cls of classes) {
    const m = catalog.services[cls]!;
    if (m.engine !== true) continue;
    const engineId = `engine-${slug(cls)}`;
    nodes.push({ nodeId: engineId, kind: 'service', serviceClass: cls });
    for (const spec of (m.operators ?? []) as OperatorSpec[]) {
      if (seen.has(spec.operatorClass)) continue;
      seen.add(spec.operatorClass);
      const [p, c] = [`p-${slug(spec.operatorClass)}`, `c-${slug(spec.operatorClass)}`];
      nodes.push({ nodeId: p, kind: 'operator', operatorClass: spec.operatorClass, parentId: engineId }, { nodeId: c, kind: 'operator', operatorClass: spec.operatorClass, parentId: engineId });
      addPorts('operator', spec.operatorClass, p, c, spec.dataInPorts, spec.dataOutPorts);
    }
  }

  const checker = new ConnectionChecker({ nodes, edges: [] }, catalog);
  let allowed = 0;
  let refused = 0;
  const outputs = outs.map((o) => {
    const row = { from: o.id, schema: describeSchema(o.schema), allowed: [] as string[], refused: {} as Record<string, string> };
    for (const i of ins) {
      const v = checker.check({ kind: 'data', from: { nodeId: o.nodeId, port: o.port }, to: { nodeId: i.nodeId, port: i.port } });
      if (v.ok) {
        row.allowed.push(i.id);
        allowed++;
      } else {
        // the row and column name both ports; keep what the checker says about them
        row.refused[i.id] = `${v.code}: ${v.reason.replace(/^\S+ does not fit \S+: /, '')}`;
        refused++;
      }
    }
    return row;
  });
  return {
    about: `Which data output may feed which data input, as the ConnectionChecker judges the catalog of services/*/service.json and services/engine/operators.json. Generated; regenerate with: ${MATRIX_COMMAND}`,
    summary: { outputs: outs.length, inputs: ins.length, pairs: outs.length * ins.length, allowed, refused },
    inputs: Object.fromEntries(ins.map((i) => [i.id, describeSchema(i.schema)])),
    outputs,
  };
}
