// Test helpers for the node components: an editor with a small catalog and a graph, drawn by
// React Flow through the canvas's own model (useFlowModel) at a given zoom. Tests only.
import { useEffect, type ReactNode } from 'react';
import { ReactFlow, ReactFlowProvider, useStoreApi } from '@xyflow/react';
import { render } from '@testing-library/react';
import type { CatalogEntry, InstanceRecord, Manifest, ServiceGraph } from '../../../../shared/types';
import { EditorProvider } from '../../store/context';
import { createEditor, type Editor } from '../../store/editor';
import { edgeTypes } from '../edges';
import { useFlowModel } from '../useFlowModel';
import { nodeTypes } from './index';

const m = (serviceClass: string, extra: Partial<Manifest>): Manifest =>
  ({ schemaVersion: 'f8service/1', serviceClass, label: serviceClass, version: '1.0.0', launch: { command: 'x' }, ...extra }) as Manifest;

export const entries: CatalogEntry[] = [
  m('f8.signal', {
    label: 'Signal generator',
    dataOutPorts: [{ name: 'value', valueSchema: { type: 'number' } }],
    stateFields: [{ name: 'rate', valueSchema: { type: 'number' }, access: 'rw', showOnNode: true, default: 10 }],
    commands: [{ name: 'reset' }],
  }),
  m('f8.engine', {
    label: 'Engine',
    engine: true,
    operators: [
      {
        operatorClass: 'smooth',
        label: 'Smooth',
        dataInPorts: [{ name: 'value', valueSchema: { type: 'number' } }],
        dataOutPorts: [{ name: 'out', valueSchema: { type: 'number' } }],
        stateFields: [{ name: 'alpha', valueSchema: { type: 'number' }, access: 'rw' }],
      },
    ],
  }),
].map((manifest) => ({ serviceClass: manifest.serviceClass, manifest, manifestHash: 'h', path: '/x', dir: '/' }));

export function record(status: InstanceRecord['status']): InstanceRecord {
  return { serviceClass: 'f8.signal', pid: 1, runId: 'r1', status, kvBucket: 'kv', restartPolicy: 'never', restarts: 0, launchedBy: 'master', updatedAt: 0, lastSeenAt: 0, failCount: 0 };
}

function Flow({ zoom }: { zoom: number }) {
  const flowStore = useStoreApi();
  useEffect(() => flowStore.setState({ transform: [0, 0, zoom] }), [flowStore, zoom]);
  const { nodes, edges } = useFlowModel();
  return <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes} />;
}

export function Providers({ editor, children }: { editor: Editor; children: ReactNode }) {
  return (
    <EditorProvider editor={editor}>
      <ReactFlowProvider>
        <div style={{ width: 1200, height: 800 }}>{children}</div>
      </ReactFlowProvider>
    </EditorProvider>
  );
}

/** Draws `graph` in a fresh editor (connected, with the catalog) at `zoom`. */
export function renderGraph(graph: ServiceGraph, zoom = 1) {
  const editor = createEditor({ clientId: 'test' });
  const s = editor.store.getState();
  s.setCatalog(entries);
  s.setConnection('connected');
  s.load(graph, null);
  const view = render(
    <Providers editor={editor}>
      <Flow zoom={zoom} />
    </Providers>,
  );
  return { editor, ...view };
}
