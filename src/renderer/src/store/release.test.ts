// The buffers of what is gone are freed: a plot's series once its node is deleted and the graph
// without it deployed, an instance's log once the instance is stopped (its registry record goes),
// driven through the delete command and the store updates the bridge makes.
import { describe, expect, it } from 'vitest';
import type { HalfEdge, InstanceRecord, ServiceGraph } from '../../../shared/types';
import { runCommand, type CommandContext } from '../commands';
import { createEditor } from './editor';

const graph: ServiceGraph = {
  schemaVersion: 'f8studio-graph/1',
  graphId: 'g',
  nodes: [
    { nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', position: { x: 0, y: 0 } },
    { nodeId: 'plot', kind: 'editor', editorClass: 'plot', position: { x: 300, y: 0 } },
  ],
  edges: [{ kind: 'data', from: { nodeId: 'sig', port: 'value' }, to: { nodeId: 'plot', port: 'value' } }],
};

const plotInput: HalfEdge = {
  edgeId: 'e1',
  kind: 'data',
  scope: 'cross',
  direction: 'in',
  peerServiceId: 'sig',
  local: { nodeId: 'plot', port: 'value' },
  remote: { nodeId: 'sig', port: 'value' },
  strategy: 'latest',
  queueSize: 1,
  dropOld: true,
  subject: 'f8.data.sig.value',
};
const record: InstanceRecord = {
  serviceClass: 'f8.signal',
  pid: 1,
  runId: 'r1',
  status: 'activated',
  kvBucket: 'kv_f8_sig',
  restartPolicy: 'never',
  restarts: 0,
  launchedBy: 'master',
  updatedAt: 0,
  lastSeenAt: 0,
  failCount: 0,
};

const { store, series, logs } = createEditor({ clientId: 'test' });
const ctx = (): CommandContext => ({ store, canvas: null, files: { open: async () => null, save: async (name) => ({ name }) }, session: null, confirmDiscard: async () => true });

describe('stream buffers', () => {
  it('a plot series and a log buffer are freed when their node is deleted and their instance stopped', async () => {
    const s = store.getState;
    s().load(graph, null);
    s().setDeployed({ revision: 1, compiled: { subgraphs: { sig: { etag: 'a' } } }, editorHalfEdges: [plotInput] });
    s().applyLive([{ type: 'record', id: 'sig', record }]);
    // what the editor runtime and the log follower do with arriving data
    series.get('plot').push(1, 0.5);
    logs.get('sig').append([{ ts: 1, stream: 'stdout', text: 'hello' }]);

    s().select(['sig', 'plot'], []);
    await runCommand('edit.delete', undefined, ctx());
    expect(s().graph.nodes).toEqual([]);
    // still deployed and running: the plot is still fed, the log can still be read
    expect(series.has('plot')).toBe(true);
    expect(logs.has('sig')).toBe(true);

    // the graph without them deployed: nothing feeds the plot; the instance is still registered
    s().setDeployed({ revision: 2, compiled: { subgraphs: {} }, editorHalfEdges: [] });
    expect(series.has('plot')).toBe(false);
    expect(logs.has('sig')).toBe(true);

    // the instance stopped: its registry record goes
    s().applyLive([{ type: 'record', id: 'sig', record: null }]);
    expect(logs.has('sig')).toBe(false);
  });

  it('a plot never deployed frees its series when deleted; undo brings the node back with a fresh one', async () => {
    const s = store.getState;
    s().load(graph, null);
    s().setDeployed(null);
    series.get('plot').push(1, 0.5);
    s().select(['plot'], []);
    await runCommand('edit.delete', undefined, ctx());
    expect(series.has('plot')).toBe(false);
    await runCommand('edit.undo', undefined, ctx());
    expect(s().graph.nodes.map((n) => n.nodeId)).toEqual(['sig', 'plot']);
    expect(series.get('plot').count).toBe(0);
  });
});
