// A node's state fields in the inspector: the draft (the graph's value) with the running
// instance's live value beside it. On a running instance a change is one undo step in the graph
// (so the next deploy keeps it) and goes to the instance at once with `setState`; the value then
// comes back through KV.
import type { GraphNode, StateFieldSpec } from '../../../../shared/types';
import { useLiveState } from '../../canvas/nodes/useLive';
import { useEditor, useEditorInstance } from '../../store/context';
import type { Editor } from '../../store/editor';
import { FieldEditor } from '../FieldEditor';

function sendLive(editor: Editor, host: string, nodeId: string, field: StateFieldSpec, value: unknown): void {
  const s = editor.store.getState();
  const session = editor.commands.get()?.session;
  if (!session || s.lease.role !== 'holder' || !s.liveInstances?.has(host) || value === undefined) return;
  if (field.access === 'ro') return;
  session
    .instance(host)
    .call('setState', { nodeId, field: field.name, value })
    .catch((e: Error) => editor.store.getState().notify('error', `${nodeId}.${field.name} on the running ${host}: ${e.message} (the draft is kept; it applies on deploy)`));
}

export function StateFields({ node, fields, host }: { node: GraphNode; fields: StateFieldSpec[]; host: string | undefined }) {
  const editor = useEditorInstance();
  const apply = useEditor((s) => s.apply);
  const live = useLiveState(host, node.nodeId);
  return (
    <section aria-label="State">
      <h3>State</h3>
      {fields.map((f) => (
        <FieldEditor
          key={f.name}
          field={f}
          value={node.state && Object.hasOwn(node.state, f.name) ? node.state[f.name] : undefined}
          {...(live[f.name] ? { live: live[f.name] } : {})}
          onCommit={(v) => {
            const err = apply({ type: 'setNodeState', nodeId: node.nodeId, field: f.name, ...(v === undefined ? {} : { value: v }) });
            if (!err && host && node.kind !== 'editor') sendLive(editor, host, node.nodeId, f, v);
            return err;
          }}
        />
      ))}
    </section>
  );
}
