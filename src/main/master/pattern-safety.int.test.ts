// Untrusted patterns against a real master (issue 20, item 1). Before, the ReDoS guard let
// `^\d*\d*\d*\d*\d*x$` through, and one planGraph (no lease needed) whose node state held a
// 250-character value froze the master for 17.3 s: `catalog` answered 16 s later. Every pattern
// now runs on RE2 (linear time), so the plan answers with its verdict and the master stays live.
//
// No speed is asserted. The master runs in this process, so a freeze would hold the test itself:
// the 10 s timeout fails it (vitest fails a test that returns after its timeout), where the
// backtracking engine takes far longer than that on these values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, startMasterFixture, writeManifest, type MasterFixture } from './testing.js';
import type { PlanGraphReply } from '../../shared/verbs.js';
import type { CatalogReply, PingReply } from '../../shared/types.js';

const POLY = '^\\d*\\d*\\d*\\d*\\d*x$';
const NO_MATCH = `${'1'.repeat(250)}y`;
const MATCH = `${'1'.repeat(250)}x`;
const patterned = (name: string, pattern: string) => ({ name, valueSchema: { type: 'string', pattern }, access: 'rw' });

const graphOf = (nodes: Record<string, unknown>[]) => ({ schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: nodes.map((n) => ({ kind: 'service', serviceClass: 'test.re', ...n })), edges: [] });

describe('untrusted patterns on the master', () => {
  let f: MasterFixture;
  beforeAll(async () => {
    f = await startMasterFixture({
      setup: async (dir) => {
        // a manifest field with the polynomial pattern, and a class whose nodes may declare fields
        await writeManifest(dir, 're', manifest('test.re', { editableStateFields: true, stateFields: [patterned('code', POLY)] }));
        // a manifest whose pattern RE2 cannot run is refused at load, with the path to it
        await writeManifest(dir, 'look', manifest('test.look', { stateFields: [patterned('code', '^(?=\\d)\\w+$')] }));
      },
    });
  }, 60_000);
  afterAll(() => f.stop());

  it('answers planGraph with a verdict on a manifest pattern, then catalog answers', { timeout: 10_000 }, async () => {
    const plan = await f.call<PlanGraphReply>('planGraph', {
      graph: graphOf([
        { nodeId: 'a', state: { code: NO_MATCH } },
        { nodeId: 'b', state: { code: MATCH } },
      ]),
    });
    expect(plan.valid).toBe(false);
    expect(plan.plan).toEqual([]);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ code: 'bad-state-value', nodeId: 'a', port: 'code', message: expect.stringMatching(/state 'code': must match pattern/) as unknown })]);
    const catalog = await f.call<CatalogReply>('catalog', {});
    expect(catalog.services.map((s) => s.serviceClass)).toEqual(['test.re']);
  });

  it('answers planGraph with a verdict on a pattern the graph itself declares (an extra state field)', { timeout: 10_000 }, async () => {
    const node = (nodeId: string, tag: string) => ({ nodeId, ports: { stateFields: [patterned('tag', POLY)] }, state: { code: MATCH, tag } });
    const bad = await f.call<PlanGraphReply>('planGraph', { graph: graphOf([node('a', NO_MATCH)]) });
    expect(bad.valid).toBe(false);
    expect(bad.diagnostics).toEqual([expect.objectContaining({ code: 'bad-state-value', nodeId: 'a', port: 'tag', message: expect.stringMatching(/must match pattern/) as unknown })]);
    const good = await f.call<PlanGraphReply>('planGraph', { graph: graphOf([node('a', MATCH)]) });
    expect(good.diagnostics).toEqual([]);
    expect(good.valid).toBe(true);
    const ping = await f.call<PingReply>('ping', { clientId: 'p' }, { clientId: 'p' });
    expect(ping.holder).toBe('p'); // the master still answers
  });

  it('refuses a pattern RE2 cannot run, naming where it is, and touches nothing', { timeout: 10_000 }, async () => {
    const catalog = await f.call<CatalogReply>('catalog', {});
    const look = catalog.errors.find((e) => e.path.includes('look'));
    expect(look?.message).toMatch(/\/stateFields\/0\/valueSchema \(code\): \(schema\)\/pattern: the pattern uses a lookahead '\(\?='/);

    const node = { nodeId: 'a', ports: { stateFields: [patterned('tag', '^(\\d)\\1$')] }, state: { tag: '11' } };
    const plan = await f.call<PlanGraphReply>('planGraph', { graph: graphOf([node]) });
    expect(plan.valid).toBe(false);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        code: 'bad-schema',
        nodeId: 'a',
        port: 'tag',
        message: expect.stringMatching(/extra state field 'tag' is refused: \(schema\)\/pattern: the pattern uses a backreference/) as unknown,
      }),
    ]);
    expect((await f.call<{ instances: unknown[] }>('instances', {})).instances).toEqual([]);
  });
});
