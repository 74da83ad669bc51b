// A service node's running instance in the inspector: its status, and activate, deactivate,
// restart and stop (the lease holder only; a viewer is told who holds the lease).
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Session } from '../../bridge/session';
import { useEditor, useEditorInstance } from '../../store/context';
import { StatusBadge } from '../../canvas/nodes/live-parts';
import { useNodeStatus } from '../../canvas/nodes/useLive';
import { holderName } from '../../app/lease-name';
import { isUp } from '../../../../shared/instance-running';

type Action = 'activate' | 'deactivate' | 'restart' | 'stop';

async function run(session: Session, instanceId: string, action: Action): Promise<string> {
  if (action === 'activate' || action === 'deactivate') return `${instanceId}: ${(await session.instance(instanceId).call(action, {})).status}`;
  if (action === 'restart') return `${instanceId} restarted (pid ${(await session.master.call('restartInstance', { instanceId })).pid})`;
  await session.master.call('stopInstance', { instanceId });
  return `${instanceId} stopped`;
}

export function InstanceControls({ instanceId }: { instanceId: string }) {
  const { store, commands } = useEditorInstance();
  const status = useNodeStatus(instanceId);
  const { record, holder, leaseHolder, connected } = useEditor(
    useShallow((s) => ({
      record: s.live[instanceId]?.record ?? null,
      holder: s.lease.role === 'holder',
      leaseHolder: holderName(s.lease, s.clientId),
      connected: s.connection === 'connected' && s.masterReachable,
    })),
  );
  const [busy, setBusy] = useState<Action | null>(null);
  // its process is up (maybe unresponsive): it can be activated, deactivated and stopped
  const up = isUp(record);
  const blocked = !connected ? 'the master is not reachable' : !holder ? `${leaseHolder} holds the lease: this editor is a viewer` : null;
  const act = (a: Action) => {
    setBusy(a);
    run(commands.get()!.session!, instanceId, a)
      .then((m) => store.getState().notify('info', m))
      .catch((e: Error) => store.getState().notify('error', `${a} ${instanceId}: ${e.message}`))
      .finally(() => setBusy(null));
  };
  const button = (a: Action, label: string, enabled: boolean) => (
    <button type="button" className="f8-cmd" disabled={!!blocked || !enabled || busy !== null} onClick={() => act(a)} aria-busy={busy === a}>
      {busy === a ? `${label}…` : label}
    </button>
  );
  return (
    <section aria-label="Instance" className="f8-instance">
      <h3>Instance</h3>
      <div className="f8-instance-status">
        {status ? <StatusBadge status={status} /> : <span className="f8-muted">not running (deploy to start it)</span>}
        {record?.pid ? (
          <span className="f8-muted">
            pid {record.pid}
            {record.restarts ? ` · ${record.restarts} restart${record.restarts === 1 ? '' : 's'}` : ''}
          </span>
        ) : null}
      </div>
      {status?.error ? <p className="f8-field-error">{status.error}</p> : null}
      {status?.drift ? <p className="f8-field-help is-warn">{status.drift}</p> : null}
      <div className="f8-commands">
        {button('activate', 'Activate', up && record?.status !== 'activated')}
        {button('deactivate', 'Deactivate', up && record?.status === 'activated')}
        {button('restart', 'Restart', !!record)}
        {button('stop', 'Stop', up)}
      </div>
      {blocked && record ? <p className="f8-field-help">{blocked}</p> : null}
      {record ? (
        <button type="button" className="f8-link" onClick={() => store.getState().showLogs(instanceId)}>
          Show its log
        </button>
      ) : null}
    </section>
  );
}
