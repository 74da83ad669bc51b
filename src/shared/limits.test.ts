import { describe, expect, it } from 'vitest';
import { INSTANCE_BUCKET_MAX_BYTES, instanceBucketBytes, jsonDepthProblem, MAX_JSON_DEPTH } from './limits.js';
import { parseRequest, buildRequest, encodeJson, parseReply } from './envelope.js';
import { compile } from './compiler/index.js';
import { Dispatcher, verb } from './rpc.js';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
const deepText = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('JSON depth', () => {
  it('accepts up to MAX_JSON_DEPTH levels and names where a deeper value goes too deep, without recursion', () => {
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonDepthProblem(nested(MAX_JSON_DEPTH + 1))).toMatch(/nests deeper than 64 levels \(at \/a\/0\/a/);
    expect(jsonDepthProblem(JSON.parse(deepText(100_000)))).toMatch(/deeper than 64/);
    expect(jsonDepthProblem({ 'we/ird~': nested(70) })).toContain('/we~1ird~0/');
  });

  it('a request envelope nesting 10k levels is invalid (it was a stack overflow answered internal)', () => {
    const env = JSON.stringify(buildRequest({ x: 0 }, { clientId: 'c1' })).replace('{"x":0}', `{"x":${deepText(10_000)}}`);
    const r = parseRequest(env);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid');
      expect(r.error.message).toMatch(/envelope nests deeper than 64 levels \(at \/payload\/x\//);
      expect(r.echo.clientId).toBe('c1');
    }
    expect(() => parseReply(`{"v":${deepText(5_000)}}`)).toThrow(/reply nests deeper/);
  });

  it('the compiler reports a too-deep graph as a diagnostic (an x- field 10k deep)', () => {
    const graph = { schemaVersion: 'f8studio-graph/1', graphId: 'g1', nodes: [{ nodeId: 'a', kind: 'service', serviceClass: 'x.y', 'x-note': JSON.parse(deepText(10_000)) as unknown }], edges: [] };
    const c = compile(graph, { services: {} });
    expect(c.diagnostics).toEqual([
      expect.objectContaining({ code: 'schema', severity: 'error', message: expect.stringMatching(/the graph nests deeper than 64 levels \(at \/nodes\/0\/x-note/) as unknown }),
    ]);
  });
});

describe('instances per graph', () => {
  const svc = { schemaVersion: 'f8service/1', serviceClass: 'test.s', label: 's', version: '1.0.0', launch: { command: 'x' } };
  const graphOf = (n: number) => ({
    schemaVersion: 'f8studio-graph/1',
    graphId: 'g1',
    nodes: Array.from({ length: n }, (_, i) => ({ nodeId: `s${i}`, kind: 'service', serviceClass: 'test.s' })),
    edges: [],
  });

  it('a graph over the limit is refused with a diagnostic that says why; the limit comes from the options or the catalog', () => {
    const catalog = { services: { 'test.s': svc as never } };
    expect(compile(graphOf(64), catalog).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const over = compile(graphOf(10_000), catalog);
    expect(over.diagnostics).toEqual([
      expect.objectContaining({ code: 'too-many-instances', message: expect.stringMatching(/10000 service nodes, over this master's limit of 64: each one runs as its own process/) as unknown }),
    ]);
    expect(over.subgraphs).toEqual({});
    expect(compile(graphOf(3), catalog, null, { maxInstances: 2 }).diagnostics[0]?.code).toBe('too-many-instances');
    expect(compile(graphOf(3), { ...catalog, maxInstances: 2 }).diagnostics[0]?.code).toBe('too-many-instances');
    expect(compile(graphOf(100), { ...catalog, maxInstances: 200 }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('replies over the NATS max_payload', () => {
  it('are answered with an error that says so, instead of going silent', async () => {
    const d = new Dispatcher<null>({ handlers: { big: verb(null, () => ({ blob: 'x'.repeat(5_000) })), small: verb(null, () => ({ ok: true })) }, maxReplyBytes: () => 1_000 });
    const ask = async (v: string) => parseReply(await d.handle(v, encodeJson(buildRequest({}, { clientId: 'c1' })), null));
    const big = await ask('big');
    expect(big.status).toBe('error');
    expect(big.errorCode).toBe('internal');
    expect(big.errorMessage).toMatch(/the reply to 'big' would be \d+ bytes, over the 1000-byte NATS max_payload/);
    expect((await ask('small')).status).toBe('ok');
  });
});

describe("an instance bucket's limit", () => {
  const MiB = 1024 * 1024;
  it('is the full limit on a large or unknown store, shrinks so a graph of buckets fits a small one, never under 1 MiB', () => {
    expect(instanceBucketBytes(null)).toBe(INSTANCE_BUCKET_MAX_BYTES);
    expect(instanceBucketBytes(40 * 1024 * MiB)).toBe(INSTANCE_BUCKET_MAX_BYTES);
    // the fault suite's store: a 64 MiB tmpfs, of which JetStream may use 48 MiB
    const small = instanceBucketBytes(48 * MiB, 8);
    expect(small * (8 + 4)).toBeLessThanOrEqual(48 * MiB);
    expect(small).toBeGreaterThanOrEqual(MiB);
    expect(instanceBucketBytes(10 * MiB)).toBe(MiB);
  });
});
