// The etags of a compilation (pure): a subgraph's is the SHA-256 of its canonical JSON without
// `etag`, the whole's that of {editor, subgraphs}. Each subgraph's canonical JSON is written once,
// member by member, and kept beside the subgraph, so a compilation that changes one member of a
// few subgraphs (restate.ts: state values) writes only those again.
import { canonicalJson, sha256Hex, type Sha256 } from '../hash.js';
import { rememberEtag } from './plan.js';
import type { CompiledSubgraph } from './types.js';

interface Written {
  /** [key, `"key":<canonical JSON>`] sorted by key, `etag` not among them. */
  members: [string, string][];
  /** The subgraph's canonical JSON, etag included. */
  json: string;
}

const written = new WeakMap<CompiledSubgraph, Written>();

function member(key: string, value: unknown): [string, string] | undefined {
  const v = canonicalJson(value) as string | undefined;
  return v === undefined ? undefined : [key, `${JSON.stringify(key)}:${v}`];
}

/** The subgraph of `body` with its etag: the same bytes as canonicalJson({...body, etag}), each member written once. */
function finish(body: Record<string, unknown>, members: [string, string][], sha256: Sha256 | undefined): CompiledSubgraph {
  const etag = sha256Hex(`{${members.map((m) => m[1]).join(',')}}`, sha256);
  const all = [...members];
  let at = all.findIndex(([k]) => k > 'etag');
  if (at < 0) at = all.length;
  all.splice(at, 0, ['etag', `"etag":${JSON.stringify(etag)}`]);
  const sg = { ...body, etag } as unknown as CompiledSubgraph;
  written.set(sg, { members, json: `{${all.map((m) => m[1]).join(',')}}` });
  rememberEtag(sg);
  return sg;
}

/** A finished subgraph (its etag computed) from its body. */
export function withEtag(body: Record<string, unknown>, sha256: Sha256 | undefined): CompiledSubgraph {
  const members: [string, string][] = [];
  for (const key of Object.keys(body).sort()) {
    const m = member(key, body[key]);
    if (m) members.push(m);
  }
  return finish(body, members, sha256);
}

/** `sg` with one member replaced (not `etag`); the other members' JSON is reused when it was kept. */
export function withMember(sg: CompiledSubgraph, key: string, value: unknown, sha256: Sha256 | undefined): CompiledSubgraph {
  const body: Record<string, unknown> = { ...sg, [key]: value };
  delete body.etag;
  const kept = written.get(sg);
  if (!kept) return withEtag(body, sha256);
  const members = kept.members.filter(([k]) => k !== key);
  const m = member(key, value);
  if (m) {
    let at = members.findIndex(([k]) => k > key);
    if (at < 0) at = members.length;
    members.splice(at, 0, m);
  }
  return finish(body, members, sha256);
}

/** A subgraph's canonical JSON, etag included (kept when this module finished it). */
function jsonOf(sg: CompiledSubgraph): string {
  return written.get(sg)?.json ?? (canonicalJson(sg) as string);
}

/** etagOf({editor, subgraphs}) from the subgraphs' canonical JSON already written. */
export function wholeEtag(subgraphs: Record<string, CompiledSubgraph>, editor: unknown, sha256: Sha256 | undefined): string {
  const ids = Object.keys(subgraphs).sort();
  const inner = ids.map((id) => `${JSON.stringify(id)}:${jsonOf(subgraphs[id] as CompiledSubgraph)}`).join(',');
  const editorJson = editor === undefined ? undefined : (canonicalJson(editor) as string | undefined);
  return sha256Hex(`{${editorJson === undefined ? '' : `"editor":${editorJson},`}"subgraphs":{${inner}}}`, sha256);
}
