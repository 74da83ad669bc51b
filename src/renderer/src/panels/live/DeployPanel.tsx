// Deploy (bottom panel): the plan of the deploy in progress, each instance's phase as the
// master reports it (f8.master.events.deploy), then the result; before any deploy, what runs.
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store/context';
import { humanize } from '../../graph/humanize';

const PHASE_TONE: Record<string, string> = { failed: 'bad', 'rolled-back': 'warn', activated: 'ok', applied: 'ok', stopped: 'down' };

const NOW_TONE: Record<string, string> = { activated: 'ok', deactivated: 'idle', error: 'bad', unresponsive: 'warn', 'not running': 'down', unknown: 'warn' };

/** The registry's word for an instance now; `unknown` while the master or NATS is away. */
function nowWord(status: string | undefined, reachable: boolean): string {
  if (!reachable) return 'unknown';
  return status ?? 'not running';
}

export function DeployPanel() {
  const { run, deployed, failures, graph, catalog } = useEditor(useShallow((s) => ({ run: s.deployRun, deployed: s.deployed, failures: s.failures, graph: s.graph, catalog: s.catalogIndex })));
  // what each instance is doing now (the registry), so the rows stay true after the deploy: an
  // instance that recovered says so; with the master or NATS away, nobody knows
  const now = useEditor(
    useShallow((s) => Object.fromEntries((s.deployRun?.plan ?? []).map((p) => [p.instanceId, nowWord(s.live[p.instanceId]?.record?.status, s.connection === 'connected' && s.masterReachable)]))),
  );
  if (!run) {
    return (
      <section className="f8-panel-body" aria-label="Deploy">
        <p className="f8-muted">
          {deployed
            ? `Revision ${deployed.revision} is deployed${deployed.deployedBy ? ` by ${deployed.deployedBy}` : ''}${deployed.deployedAt ? ` at ${new Date(deployed.deployedAt).toLocaleString()}` : ''}.`
            : 'Nothing is deployed yet.'}{' '}
          Press Deploy (F5) to see the plan and deploy.
        </p>
      </section>
    );
  }
  const o = run.outcome;
  const why = o && !o.ok ? o.message.replace(/^deploy of revision \d+ failed and was rolled back: /, '') : '';
  const head = !o ? `Deploying revision ${run.revision}…` : o.ok ? `Revision ${o.revision} deployed` : `Revision ${run.revision} failed: ${why}`;
  return (
    <section className="f8-panel-body" aria-label="Deploy">
      <p className={`f8-deploy-head ${!o ? 'is-busy' : o.ok ? 'is-ok' : 'is-bad'}`} role="status">
        {head}
        {o && !o.ok ? <span className="f8-muted"> — the master rolled back: the other instances run their previous revision.</span> : null}
      </p>
      <table className="f8-table">
        <thead>
          <tr>
            <th scope="col">instance</th>
            <th scope="col">plan</th>
            <th scope="col">progress</th>
            <th scope="col">now</th>
            <th scope="col">why / error</th>
          </tr>
        </thead>
        <tbody>
          {run.plan.map((p) => {
            const ph = run.phases[p.instanceId];
            const err = ph?.error ?? failures[p.instanceId]?.error;
            return (
              <tr key={p.instanceId} data-instance={p.instanceId}>
                <td>{p.instanceId}</td>
                <td>{p.action}</td>
                <td className={`is-${PHASE_TONE[ph?.phase ?? ''] ?? 'idle'}`} data-phase={ph?.phase ?? ''}>
                  {ph?.phase ?? (p.action === 'unchanged' ? '—' : o ? '—' : 'waiting')}
                </td>
                <td className={`is-${NOW_TONE[now[p.instanceId] ?? ''] ?? 'idle'}`} data-now={now[p.instanceId] ?? ''}>
                  {now[p.instanceId] ?? '—'}
                </td>
                <td className={err ? 'is-bad' : 'f8-muted'}>{humanize(err ?? p.reasons.join('; '), graph, catalog)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
