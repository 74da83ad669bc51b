// The degraded-mode banner: NATS down or the master gone. Editing continues; deploy and instance
// controls wait; live data is marked stale. The viewer's note names the lease holder.
import { useShallow } from 'zustand/react/shallow';
import { runCommand } from '../commands/registry';
import { useCommandContext, useEditor } from '../store/context';
import { holderName } from './lease-name';

export function Banner() {
  const ctx = useCommandContext();
  const { connection, reachable, role, holder, url } = useEditor(
    useShallow((s) => ({ connection: s.connection, reachable: s.masterReachable, role: s.lease.role, holder: holderName(s.lease, s.clientId), url: s.natsUrl })),
  );
  if (connection === 'connecting') return null;
  if (connection !== 'connected' || !reachable) {
    const what = connection !== 'connected' ? `NATS is not reachable${url ? ` (${url})` : ''}: reconnecting` : 'The master does not answer: waiting for it';
    return (
      <div className="f8-banner is-bad" role="alert" aria-label="Master unreachable">
        <strong>{what}.</strong> Editing goes on; deploy and instance controls wait, and the live values shown are stale. The editor catches up by itself when it is back.
      </div>
    );
  }
  if (role === 'viewer') {
    return (
      <div className="f8-banner is-info" role="status" aria-label="Viewer">
        <strong>Viewer:</strong> {holder[0]?.toUpperCase()}
        {holder.slice(1)} holds the lease. Everything is live and your copy can be edited; deploy and instance controls are off.
        <button type="button" className="f8-link" onClick={() => void runCommand('session.takeOver', undefined, ctx)}>
          Take over
        </button>
      </div>
    );
  }
  return null;
}
