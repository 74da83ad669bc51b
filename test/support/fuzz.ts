// Property-based bad input for the tests (fast-check): a fixed seed and few runs in `npm test`,
// more runs and a random seed in `npm run test:fuzz` (F8_FUZZ_RUNS, F8_FUZZ_SEED). Test support:
// outside src/, so it never ships in dist.
import fc from 'fast-check';

/** fast-check parameters: `base` runs with the fixed seed unless the environment says otherwise. */
export function fuzzParams(base: number): { numRuns: number; seed?: number } {
  const env = process.env;
  const runs = Number(env.F8_FUZZ_RUNS);
  const seed = env.F8_FUZZ_SEED === 'random' ? undefined : Number(env.F8_FUZZ_SEED ?? 20261202);
  return { numRuns: Number.isFinite(runs) && runs > 0 ? runs : base, ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}) };
}

/** JSON values, with a bias towards the shapes our payloads have. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom('graph', 'instanceId', 'serviceClass', 'nodeId', 'field', 'value', 'command', 'params', 'limit', 'revision', 'clientId', 'subgraph', 'baseRevision', 'state', 'x'),
    fc.jsonValue(),
    { maxKeys: 5 },
  ),
  fc.constantFrom(null, {}, [], '', 0, -1, 1e308, 'master', '../../etc/passwd', { graph: { nodes: 'x', edges: [] } }, { instanceId: 'Bad Id' }, { limit: 1e9 }),
);

/** Raw bytes on the wire: garbage, JSON that is not an envelope, envelopes with bad fields and payloads. */
export function wireInput(clientId: string): fc.Arbitrary<Uint8Array> {
  const enc = new TextEncoder();
  const envelope = fc
    .record({
      msgId: fc.oneof(fc.uuid(), fc.string(), fc.constant(undefined)),
      traceId: fc.oneof(fc.uuid(), fc.constant(undefined)),
      clientId: fc.oneof(fc.constant(clientId), fc.string(), fc.constant(undefined)),
      hop: fc.oneof(fc.constant(0), fc.integer(), fc.constant(undefined)),
      api: fc.oneof(fc.constant('f8/1'), fc.string(), fc.constant(undefined)),
      ts: fc.oneof(fc.constant(Date.now()), fc.double(), fc.constant(undefined)),
      payload: jsonValue,
    })
    .map((e) => enc.encode(JSON.stringify(e)));
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
    { weight: 1, arbitrary: fc.string().map((s) => enc.encode(s)) },
    { weight: 1, arbitrary: jsonValue.map((v) => enc.encode(JSON.stringify(v))) },
    { weight: 4, arbitrary: envelope },
  );
}

/** A JSON document with one value somewhere replaced (or a key dropped, or junk added). */
export function mutated(doc: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    paths.push(at);
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (at.length < 6) walk(x, [...at, k]);
  };
  walk(doc, []);
  return fc.record({ path: fc.constantFrom(...paths.filter((p) => p.length > 0)), value: jsonValue, drop: fc.boolean() }).map(({ path, value, drop }) => {
    const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
    let parent: Record<string, unknown> = copy;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
    const last = path.at(-1) as string;
    if (drop && !Array.isArray(parent)) delete parent[last];
    else parent[last] = value;
    return copy;
  });
}

/** A mutated document as text, or text that is not JSON at all (or too deep). */
export const mutatedText = (doc: Record<string, unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    mutated(doc).map((d) => JSON.stringify(d)),
    fc.string(),
    fc.constantFrom('', '{', 'null', '[]', '{"schemaVersion":"f8service/1"}', JSON.stringify(doc).slice(0, 50), `${'['.repeat(5000)}${']'.repeat(5000)}`),
    fc.uint8Array({ maxLength: 200 }).map((b) => String.fromCharCode(...b)),
  );
