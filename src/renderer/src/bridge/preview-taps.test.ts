// A plot wired to a port the deployed graph already publishes on taps that subject at once;
// nothing to tap for ports that travel on no subject, or plots that are deployed already.
import { describe, expect, it } from 'vitest';
import { previewTaps } from './preview-taps';
import { EDITOR_INSTANCE_ID } from '../../../shared/naming';
import type { HalfEdge, ServiceGraph } from '../../../shared/types';

const out = (nodeId: string, port: string, subject: string): HalfEdge => ({
  edgeId: `e-${subject}`,
  kind: 'data',
  scope: 'cross',
  direction: 'out',
  peerServiceId: 'log',
  local: { nodeId, port },
  remote: { nodeId: 'log', port: 'value' },
  strategy: 'latest',
  queueSize: 1,
  dropOld: true,
  subject,
});
const graph = (edges: ServiceGraph['edges']): Pick<ServiceGraph, 'nodes' | 'edges'> => ({
  nodes: [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal' },
    { nodeId: 'eng', kind: 'service', serviceClass: 'f8.engine' },
    { nodeId: 'smooth', kind: 'operator', operatorClass: 'smooth', parentId: 'eng' },
    { nodeId: 'p1', kind: 'editor', editorClass: 'plot' },
    { nodeId: 'p2', kind: 'editor', editorClass: 'plot' },
    { nodeId: 'slider', kind: 'editor', editorClass: 'slider' },
  ],
  edges,
});
const compiled = { subgraphs: { sig: { halfEdges: [out('sig', 'value', 'f8.bus.a')] }, eng: { halfEdges: [] }, [EDITOR_INSTANCE_ID]: { halfEdges: [] } } };

describe('preview taps', () => {
  it('a new plot on a published port taps its subject; on an unpublished port, nothing', () => {
    const taps = previewTaps(
      graph([
        { kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'p1', port: 'value' } },
        { kind: 'data', from: { nodeId: 'smooth', port: 'value' }, to: { nodeId: 'p2', port: 'value' } },
      ]),
      compiled,
      [],
    );
    expect(taps.map((t) => [t.subject, t.direction, t.local.nodeId])).toEqual([['f8.bus.a', 'in', 'p1']]);
  });

  it('a deployed plot has its own half-edge: no tap; nothing deployed: no tap', () => {
    const g = graph([{ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'p1', port: 'value' } }]);
    const mine: HalfEdge = { ...out('sig', 'value', 'f8.bus.b'), direction: 'in', local: { nodeId: 'p1', port: 'value' } };
    expect(previewTaps(g, compiled, [mine])).toEqual([]);
    expect(previewTaps(g, null, [])).toEqual([]);
  });
});
