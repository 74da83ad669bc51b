// The deploy history (inspector, nothing selected): newest first, with what each deploy did;
// "Revert" previews that revision's plan against what runs now and deploys it as a new one.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HistoryEntry } from '../../../../shared/verbs';
import { isEnabled, runCommand } from '../../commands/registry';
import { useCommandContext, useEditor } from '../../store/context';

function counts(e: HistoryEntry): string {
  const c = e.counts;
  const parts = [c.start ? `${c.start} started` : '', c.reconfigure ? `${c.reconfigure} reconfigured` : '', c.stop ? `${c.stop} stopped` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no change';
}

export function History() {
  // asked again when the master comes back (a failed read during an outage does not stay on screen)
  const { revision, connected, clientId, holder, reachable } = useEditor(
    useShallow((s) => ({ revision: s.deployed?.revision ?? 0, connected: s.connection === 'connected', clientId: s.clientId, holder: s.lease.role === 'holder', reachable: s.masterReachable })),
  );
  const ctx = useCommandContext();
  const session = ctx?.session ?? null;
  const [deploys, setDeploys] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!session || !connected || !reachable) return;
    let live = true;
    session.master
      .call('history', { limit: 20 })
      .then((r) => live && (setDeploys(r.deploys), setError(null)))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [revision, connected, session, reachable]);
  return (
    <section aria-label="Deploy history" className="f8-history">
      <h3>Deploy history</h3>
      {error ? <p className="f8-field-error">could not read the history: {error}</p> : null}
      {!deploys ? <p className="f8-field-help">{connected ? 'loading…' : 'not connected to a master'}</p> : null}
      {deploys && !deploys.length ? <p className="f8-field-help">No deploys yet: Deploy (F5) makes revision 1.</p> : null}
      <ol className="f8-history-list">
        {deploys?.map((d) => (
          <li key={d.revision} className={d.revision === revision ? 'is-current' : ''} data-revision={d.revision}>
            <div className="f8-history-head">
              <strong>rev {d.revision}</strong>
              {d.revision === revision ? (
                <span
                  className={`f8-history-now${connected && reachable ? '' : ' is-unknown'}`}
                  title={connected && reachable ? 'the deployed revision' : 'the master does not answer: what runs now is not known'}
                >
                  {connected && reachable ? 'deployed' : 'last known'}
                </span>
              ) : null}
              <span className="f8-muted">{new Date(d.deployedAt).toLocaleString()}</span>
            </div>
            <div className="f8-history-body">
              <span className="f8-muted">
                {d.deployedBy === clientId ? 'this editor' : d.deployedBy} · {counts(d)}
              </span>
              {d.revision !== revision ? (
                <button
                  type="button"
                  className="f8-cmd"
                  aria-label={`Revert to revision ${d.revision}`}
                  disabled={!holder || !isEnabled('graph.revert', ctx)}
                  title={holder ? `Preview the plan, then deploy revision ${d.revision}'s graph as a new revision` : 'only the lease holder can deploy'}
                  onClick={() => void runCommand('graph.revert', d.revision, ctx)}
                >
                  Revert
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
