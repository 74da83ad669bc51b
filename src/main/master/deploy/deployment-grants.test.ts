// The permissions a deploy asks for around the switch: old and new half-edges each once, so a
// deploy that keeps an instance's half-edges asks for the grant it already has (no rebuild, no reload).
import { describe, expect, it } from 'vitest';
import { EDITOR_INSTANCE_ID } from '../../../shared/naming.js';
import type { Compilation, CompiledSubgraph, PlanEntry } from '../../../shared/compiler/index.js';
import type { HalfEdge } from '../../../shared/types.js';
import { Deployment } from './deployment.js';
import type { DeployPorts } from './ports.js';

const edge = (peer: string): HalfEdge =>
  ({
    edgeId: `e-${peer}`,
    kind: 'data',
    scope: 'cross',
    direction: 'out',
    peerServiceId: peer,
    local: { nodeId: 'a', port: 'out' },
    remote: { nodeId: peer, port: 'in' },
    subject: `f8.bus.${peer}`,
  }) as unknown as HalfEdge;
const sub = (halfEdges: HalfEdge[]): CompiledSubgraph =>
  ({ instanceId: 'a', serviceClass: 'x.src', nodes: [], edges: [], halfEdges, state: {}, etag: JSON.stringify(halfEdges) }) as unknown as CompiledSubgraph;

function switchGrant(before: HalfEdge[], after: HalfEdge[]): { instanceId: string; halfEdges: readonly HalfEdge[] }[] {
  let asked: { instanceId: string; halfEdges: readonly HalfEdge[] }[] = [];
  const ports = {
    grant: (list: { instanceId: string; halfEdges: readonly HalfEdge[] }[]) => {
      asked = list;
      return Promise.resolve();
    },
  } as unknown as DeployPorts;
  const plan: PlanEntry[] = [{ instanceId: 'a', action: 'reconfigure', reasons: [], nodes: { added: [], removed: [], changed: [] } }];
  const compiled = { subgraphs: { a: sub(after) } } as unknown as Compilation;
  void new Deployment(ports, 2, { subgraphs: { a: sub(before) } }, compiled, plan).grantForSwitch();
  return asked;
}

describe('Deployment.grantForSwitch', () => {
  it('asks for each half-edge once: unchanged half-edges give the grant the instance has', () => {
    // the previous compilation as read back from the store: equal half-edges, other objects
    const kept = switchGrant([edge('b')], JSON.parse(JSON.stringify([edge('b')])) as HalfEdge[]);
    expect(kept).toEqual([
      { instanceId: 'a', halfEdges: [edge('b')] },
      { instanceId: EDITOR_INSTANCE_ID, halfEdges: [] },
    ]);
  });

  it('asks for the old and the new half-edges while the instances switch', () => {
    const moved = switchGrant([edge('b')], [edge('b'), edge('c')]);
    expect(moved[0]).toEqual({ instanceId: 'a', halfEdges: [edge('b'), edge('c')] });
    expect(switchGrant([edge('b')], [edge('c')])[0]).toEqual({ instanceId: 'a', halfEdges: [edge('b'), edge('c')] });
  });
});
