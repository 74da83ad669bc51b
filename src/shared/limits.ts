// Limits that keep bad or huge input from hurting anyone: checked where data comes in
// (envelopes, graph files, manifests), so a deeply nested value is an `invalid` reply with the
// place it went too deep, not a stack overflow further in.

/** How deep any JSON we accept may nest (graphs, manifests, schemas, payloads). */
export const MAX_JSON_DEPTH = 64;

/** A service.json larger than this is refused at load (the catalog reply must stay well under the NATS max_payload). */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * Service instances per graph. Each one is a process (about 100 MB for a Node service), so a
 * graph of thousands is a mistake, not a plan. The master may raise or lower it (`f8 master
 * --max-instances`, reported in its `ping` reply); the editor checks against that value.
 */
export const MAX_INSTANCES_PER_GRAPH = 64;

/**
 * The most an instance's bucket (`kv_f8_<instanceId>`) may hold. Set by whoever creates it (the
 * master, before a launch), and an instance may not change its bucket's settings: a runaway or
 * hostile service fills its own bucket, not the disk. When full, its writes fail (`discard new`).
 */
export const INSTANCE_BUCKET_MAX_BYTES = 64 * 1024 * 1024;

/**
 * An instance bucket's limit on a store of `storeBytes` (what JetStream may use; null: unknown).
 * nats-server reserves each stream's `max_bytes` against its store and refuses a stream that does
 * not fit ("insufficient storage resources"), so the limit shrinks on a small store until every
 * instance a graph may have (and the master's buckets) fits: at most INSTANCE_BUCKET_MAX_BYTES,
 * at least 1 MiB.
 */
export function instanceBucketBytes(storeBytes: number | null, maxInstances = MAX_INSTANCES_PER_GRAPH): number {
  if (storeBytes === null || !Number.isFinite(storeBytes) || storeBytes <= 0) return INSTANCE_BUCKET_MAX_BYTES;
  const share = Math.floor(storeBytes / (maxInstances + 4));
  return Math.max(1024 * 1024, Math.min(INSTANCE_BUCKET_MAX_BYTES, share));
}

/**
 * Where a JSON value nests deeper than `max` levels (a JSON pointer and a message), or null.
 * Iterative: a 100k-deep value is reported, never a stack overflow.
 */
export function jsonDepthProblem(value: unknown, max = MAX_JSON_DEPTH): string | null {
  // only objects and arrays are visited; each remembers its parent, so the pointer is built only
  // for the value reported (the compiler runs this on every graph)
  interface Frame {
    v: object;
    depth: number;
    parent: Frame | null;
    key: string;
  }
  if (value === null || typeof value !== 'object') return null;
  const stack: Frame[] = [{ v: value, depth: 0, parent: null, key: '' }];
  while (stack.length) {
    const f = stack.pop() as Frame;
    if (f.depth >= max) return `nests deeper than ${max} levels (at ${pointerOf(f) || '/'})`;
    if (Array.isArray(f.v)) {
      for (let i = f.v.length - 1; i >= 0; i--) {
        const x: unknown = f.v[i];
        if (x !== null && typeof x === 'object') stack.push({ v: x, depth: f.depth + 1, parent: f, key: String(i) });
      }
    } else {
      const o = f.v as Record<string, unknown>;
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        const x = o[k];
        if (x !== null && typeof x === 'object') stack.push({ v: x, depth: f.depth + 1, parent: f, key: k.replace(/~/g, '~0').replace(/\//g, '~1') });
      }
    }
  }
  return null;
}

function pointerOf(f: { parent: { parent: unknown; key: string } | null; key: string }): string {
  const parts: string[] = [];
  for (let x: typeof f | null = f; x && x.parent; x = x.parent as typeof f) parts.push(x.key);
  return parts.length ? `/${parts.reverse().join('/')}` : '';
}
