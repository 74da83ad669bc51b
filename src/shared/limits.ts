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
 * Where a JSON value nests deeper than `max` levels (a JSON pointer and a message), or null.
 * Iterative: a 100k-deep value is reported, never a stack overflow.
 */
export function jsonDepthProblem(value: unknown, max = MAX_JSON_DEPTH): string | null {
  const stack: { v: unknown; depth: number; at: string }[] = [{ v: value, depth: 0, at: '' }];
  while (stack.length) {
    const { v, depth, at } = stack.pop() as { v: unknown; depth: number; at: string };
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return `nests deeper than ${max} levels (at ${at || '/'})`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, at: `${at}/${i}` });
    } else {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) stack.push({ v: x, depth: depth + 1, at: `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
  }
  return null;
}
