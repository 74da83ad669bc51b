// Handle ids on the canvas: `<kind>:<in|out>:<port>`. A state field has both (in on the left,
// out on the right); data and exec ports have one.
import type { EdgeKindName } from '../../../shared/types';

export type HandleDir = 'in' | 'out';

export function handleId(kind: EdgeKindName, dir: HandleDir, port: string): string {
  return `${kind}:${dir}:${port}`;
}

export function parseHandle(id: string | null | undefined): { kind: EdgeKindName; dir: HandleDir; port: string } | null {
  if (!id) return null;
  const m = /^(data|state|exec):(in|out):(.+)$/.exec(id);
  if (!m) return null;
  return { kind: m[1] as EdgeKindName, dir: m[2] as HandleDir, port: m[3] as string };
}

/** The candidate edge of a connection between two handles (either may be the one dragged from). */
export function connectionOf(c: {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}): { kind: EdgeKindName; from: { nodeId: string; port: string }; to: { nodeId: string; port: string } } | null {
  const s = parseHandle(c.sourceHandle);
  const t = parseHandle(c.targetHandle);
  if (!s || !t || !c.source || !c.target) return null;
  if (s.kind !== t.kind) return null;
  // React Flow gives source = the out handle when connecting in strict mode; be tolerant anyway.
  if (s.dir === 'out' && t.dir === 'in') return { kind: s.kind, from: { nodeId: c.source, port: s.port }, to: { nodeId: c.target, port: t.port } };
  if (s.dir === 'in' && t.dir === 'out') return { kind: s.kind, from: { nodeId: c.target, port: t.port }, to: { nodeId: c.source, port: s.port } };
  return null;
}

/** Why two handles of different kinds cannot join, in words. */
export function kindMismatch(a: string | null | undefined, b: string | null | undefined): string | null {
  const x = parseHandle(a);
  const y = parseHandle(b);
  if (!x || !y) return null;
  if (x.kind !== y.kind) return `a ${x.kind} port joins only ${x.kind} ports (this is a ${y.kind} port)`;
  if (x.dir === y.dir) return `join an output to an input (both are ${x.dir === 'in' ? 'inputs' : 'outputs'})`;
  return null;
}
