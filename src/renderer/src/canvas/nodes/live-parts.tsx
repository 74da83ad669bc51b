// Live pieces of a node: the status word (with its colour, never colour alone), the compact
// numbers badge (CPU, memory, tick or cook time; details on hover) and a failed deploy's error
// with the tail of the instance's log.
import { memo } from 'react';
import type { NodeStatus } from '../../graph/live-status';
import type { InstanceStats } from '../../../../shared/verbs';

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${Math.round(n / (1 << 20))} MB`;
  return `${Math.round(n / 1024)} kB`;
}

export function formatRate(r: number): string {
  if (r >= 10_000) return `${Math.round(r / 1000)}k/s`;
  if (r >= 1000) return `${(r / 1000).toFixed(1)}k/s`;
  return `${r >= 10 ? Math.round(r) : Number(r.toFixed(1))}/s`;
}

const ms = (v: number) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));

export const StatusBadge = memo(function StatusBadge({ status }: { status: NodeStatus | null }) {
  if (!status) return null;
  const title = [
    `status: ${status.word}`,
    status.graphRevision !== null ? `runs revision ${status.graphRevision}` : null,
    status.drift,
    status.error,
    status.stale && status.word !== 'unresponsive' ? 'live data is stale: the master is not reachable' : null,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <span
      className={`f8-status f8-tone-${status.tone}${status.drift ? ' has-drift' : ''}`}
      title={title}
      data-status={status.word}
      aria-label={`status ${status.word}${status.drift ? ', drift' : ''}`}
    >
      {status.word}
      {status.drift ? (
        <span className="f8-drift" aria-hidden="true">
          ≠
        </span>
      ) : null}
    </span>
  );
});

export const StatsBadge = memo(function StatsBadge({ stats }: { stats: InstanceStats | null }) {
  if (!stats) return null;
  const inRate = stats.inputs.reduce((a, i) => a + i.ratePerS, 0);
  const outRate = stats.outputs.reduce((a, o) => a + o.ratePerS, 0);
  const dropped = stats.inputs.reduce((a, i) => a + i.dropped, 0);
  const title = [
    `CPU ${stats.cpuPercent.toFixed(1)} %  ·  RSS ${formatBytes(stats.rssBytes)}  ·  heap ${formatBytes(stats.heapUsedBytes)}`,
    stats.tick ? `tick mean ${ms(stats.tick.meanMs)} ms, p95 ${ms(stats.tick.p95Ms)} ms, overruns ${stats.tick.overruns}` : null,
    `in ${formatRate(inRate)}  ·  out ${formatRate(outRate)}  ·  dropped ${dropped}`,
    `pid ${stats.pid}, up ${Math.round(stats.uptimeMs / 1000)} s${stats.handlerErrors ? `, handler errors ${stats.handlerErrors}` : ''}`,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className="f8-stats" title={title} data-testid="node-stats">
      <span>{stats.cpuPercent.toFixed(0)}%</span>
      <span>{formatBytes(stats.rssBytes)}</span>
      {stats.tick ? <span>{ms(stats.tick.meanMs)} ms</span> : null}
      {dropped ? <span className="is-warn">{dropped} dropped</span> : null}
    </div>
  );
});

export const CookBadge = memo(function CookBadge({ op }: { op: { calls: number; meanMs: number; p95Ms: number } | null }) {
  if (!op) return null;
  return (
    <div className="f8-stats" title={`cooked ${op.calls} times: mean ${ms(op.meanMs)} ms, p95 ${ms(op.p95Ms)} ms`}>
      <span>{ms(op.meanMs)} ms</span>
    </div>
  );
});

export const FailureNote = memo(function FailureNote({ status }: { status: NodeStatus | null }) {
  const f = status?.failure;
  if (!f) return null;
  return (
    <div className="f8-node-failure nodrag" role="alert" data-error-badge="true">
      <div className="f8-node-failure-msg">
        deploy of revision {f.revision} failed: {f.error}
      </div>
      {f.log.length ? (
        <details>
          <summary>last {f.log.length} log lines</summary>
          <pre className="f8-node-log">{f.log.join('\n')}</pre>
        </details>
      ) : null}
    </div>
  );
});
