// A service's commands in the inspector: a params form generated from each command's schema
// (one field per property), Run sends `cmd` to the running instance, and the reply is shown.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { validateValue } from '../../../../shared/schemas';
import type { CommandSpec, StateFieldSpec } from '../../../../shared/types';
import { useEditor, useEditorInstance } from '../../store/context';
import { FieldEditor } from '../FieldEditor';
import { holderName } from '../../app/lease-name';

type Schema = { type?: unknown; properties?: Record<string, unknown>; required?: string[] };

function paramFields(params: unknown): StateFieldSpec[] {
  const s = (params ?? {}) as Schema;
  return Object.entries(s.properties ?? {}).map(([name, schema]) => {
    const p = (schema ?? {}) as { default?: unknown; description?: string; title?: string };
    return {
      name,
      valueSchema: schema as StateFieldSpec['valueSchema'],
      access: 'rw',
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.description ? { description: p.description } : {}),
      ...(p.title ? { label: p.title } : {}),
    } as StateFieldSpec;
  });
}

function CommandForm({ instanceId, spec, runnable, why }: { instanceId: string; spec: CommandSpec; runnable: boolean; why: string | null }) {
  const fields = paramFields(spec.params);
  const { commands } = useEditorInstance();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [reply, setReply] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const send = () => {
    const params = { ...Object.fromEntries(fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default])), ...values };
    if (spec.params) {
      const r = validateValue(spec.params as object, params);
      if (!r.ok) return setReply({ ok: false, text: r.message });
    }
    setBusy(true);
    commands
      .get()!
      .session!.instance(instanceId)
      .call('cmd', { command: spec.name, params })
      .then((r) => setReply({ ok: true, text: r.result === undefined || r.result === null ? 'done' : JSON.stringify(r.result, null, 2) }))
      .catch((e: Error) => setReply({ ok: false, text: e.message }))
      .finally(() => setBusy(false));
  };
  return (
    <div className="f8-command" data-command={spec.name}>
      {fields.length ? (
        <fieldset>
          <legend>{spec.name}</legend>
          {fields.map((f) => (
            <FieldEditor key={f.name} field={f} value={values[f.name]} onCommit={(v) => (setValues((cur) => ({ ...cur, [f.name]: v })), null)} />
          ))}
        </fieldset>
      ) : null}
      <button type="button" className="f8-cmd" disabled={!runnable || busy} title={why ?? spec.description ?? `send ${spec.name}`} onClick={send}>
        {busy ? `${spec.name}…` : fields.length ? `Run ${spec.name}` : spec.name}
      </button>
      {spec.description ? <span className="f8-field-help"> {spec.description}</span> : null}
      {reply ? (
        <pre className={`f8-reply${reply.ok ? '' : ' is-error'}`} role="status" aria-label={`${spec.name} reply`}>
          {reply.text}
        </pre>
      ) : null}
    </div>
  );
}

export function Commands({ instanceId, commands }: { instanceId: string; commands: CommandSpec[] }) {
  const { running, holder, leaseHolder } = useEditor(
    useShallow((s) => ({ running: s.liveInstances?.has(instanceId) ?? false, holder: s.lease.role === 'holder', leaseHolder: holderName(s.lease, s.clientId) })),
  );
  const why = !running ? 'the instance is not running: deploy first' : !holder ? `${leaseHolder} holds the lease` : null;
  return (
    <section aria-label="Commands">
      <h3>Commands</h3>
      {commands.map((c) => (
        <CommandForm key={c.name} instanceId={instanceId} spec={c} runnable={!why} why={why} />
      ))}
      {why ? <p className="f8-field-help">{why}</p> : null}
    </section>
  );
}
