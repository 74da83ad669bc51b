// A revert brings the old revision's state back: a field revision B set and revision A leaves
// unset returns to its default (it used to keep B's value); a field neither sets keeps its live
// value (a counter's count survives the reconfigure of its engine). The plan names each reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, repoServicesDir, startMasterFixture, type MasterFixture } from './testing.js';
import { buckets, keys } from '../../shared/naming.js';
import type { ServiceGraph, StateEntry } from '../../shared/types.js';

const dec = new TextDecoder();
const CLIENT = 'ed-revert';

function graph(b: boolean): ServiceGraph {
  return {
    schemaVersion: 'f8studio-graph/1',
    graphId: 'g-revert',
    nodes: [
      { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', ...(b ? { state: { frequency: 0.5, offset: 0.5 } } : {}) },
      { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine', state: { tickMs: 20 } },
      { nodeId: 'tick', kind: 'operator', operatorClass: 'tick', parentId: 'eng' },
      { nodeId: 'count', kind: 'operator', operatorClass: 'counter', parentId: 'eng', ...(b ? { state: { step: 2 } } : {}) },
    ],
    edges: [{ kind: 'exec', from: { nodeId: 'tick', port: 'out' }, to: { nodeId: 'count', port: 'in' } }],
  };
}

describe('revert and state', () => {
  let f: MasterFixture;
  const state = async (instance: string, nodeId: string, field: string) => {
    const e = await (await f.kvm.open(buckets.instance(instance))).get(keys.state(nodeId, field));
    return e && e.length ? (JSON.parse(dec.decode(e.value)) as StateEntry).value : undefined;
  };
  const deploy = (g: ServiceGraph) => f.call<{ revision: number }>('deployGraph', { graph: g, activate: true }, { clientId: CLIENT, timeoutMs: 60_000 });

  beforeAll(async () => {
    f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 120_000 } });
    await f.call('ping', { clientId: CLIENT }, { clientId: CLIENT });
  });
  afterAll(() => f.stop());

  it('fields B set and A does not return to their defaults; a counting counter keeps its count', async () => {
    await deploy(graph(false)); // A: frequency unset (default 1)
    expect(await eventually(async () => state('sig', 'sig', 'frequency'), 'frequency seeded')).toBe(1);
    await deploy(graph(true)); // B: frequency 0.5, offset 0.5, step 2
    await eventually(async () => ((await state('sig', 'sig', 'frequency')) === 0.5 && (await state('eng', 'count', 'step')) === 2 ? true : null), 'B applied');
    const counted = await eventually(async () => {
      const c = await state('eng', 'count', 'count');
      return typeof c === 'number' && c > 10 ? c : null;
    }, 'the counter counts');

    // the plan of the revert names what it resets
    const plan = await f.call<{ plan: { instanceId: string; reasons: string[] }[] }>('planGraph', { graph: graph(false) }, { clientId: CLIENT });
    expect(plan.plan.find((p) => p.instanceId === 'sig')?.reasons).toEqual(expect.arrayContaining(['state sig.frequency reset to its default', 'state sig.offset reset to its default']));
    expect(plan.plan.find((p) => p.instanceId === 'eng')?.reasons).toEqual(expect.arrayContaining(['state count.step reset to its default']));

    await deploy(graph(false)); // revert to A
    await eventually(async () => ((await state('sig', 'sig', 'frequency')) === 1 ? true : null), 'frequency back to its default');
    expect(await state('sig', 'sig', 'offset')).toBe(0);
    expect(await state('eng', 'count', 'step')).toBe(1);
    // the count was not reset: it goes on from where it was
    const after = await eventually(async () => {
      const c = await state('eng', 'count', 'count');
      return typeof c === 'number' && c > counted ? c : null;
    }, 'the count goes on');
    expect(after).toBeGreaterThan(counted);
  }, 90_000);
});
