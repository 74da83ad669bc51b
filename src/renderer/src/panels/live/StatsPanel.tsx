// Stats (bottom panel): one row per instance (status, CPU, memory, tick time, msg/s in and
// out, drops), sortable by any column, from the instances' `stats` replies.
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../../store/context';
import { formatBytes, formatRate } from '../../canvas/nodes/live-parts';

interface Row {
  id: string;
  cls: string;
  status: string;
  cpu: number;
  rss: number;
  tick: number;
  inRate: number;
  outRate: number;
  dropped: number;
  uptime: number;
}
type Key = keyof Row;
const COLUMNS: { key: Key; label: string; num?: boolean; fmt?: (r: Row) => string }[] = [
  { key: 'id', label: 'instance' },
  { key: 'cls', label: 'class' },
  { key: 'status', label: 'status' },
  { key: 'cpu', label: 'CPU %', num: true, fmt: (r) => (Number.isNaN(r.cpu) ? '—' : r.cpu.toFixed(1)) },
  { key: 'rss', label: 'RSS', num: true, fmt: (r) => (Number.isNaN(r.rss) ? '—' : formatBytes(r.rss)) },
  { key: 'tick', label: 'tick ms', num: true, fmt: (r) => (Number.isNaN(r.tick) ? '—' : r.tick.toFixed(2)) },
  { key: 'inRate', label: 'in', num: true, fmt: (r) => (Number.isNaN(r.inRate) ? '—' : formatRate(r.inRate)) },
  { key: 'outRate', label: 'out', num: true, fmt: (r) => (Number.isNaN(r.outRate) ? '—' : formatRate(r.outRate)) },
  { key: 'dropped', label: 'drops', num: true, fmt: (r) => (Number.isNaN(r.dropped) ? '—' : String(r.dropped)) },
  { key: 'uptime', label: 'up', num: true, fmt: (r) => (Number.isNaN(r.uptime) ? '—' : `${Math.round(r.uptime / 1000)} s`) },
];

export function StatsPanel() {
  const live = useEditor(useShallow((s) => s.live));
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'cpu', desc: true });
  const rows = useMemo(() => {
    const out: Row[] = Object.entries(live)
      .filter(([, l]) => l.record)
      .map(([id, l]) => {
        const st = l.stats;
        return {
          id,
          cls: l.record?.serviceClass ?? '',
          status: l.record?.status ?? '',
          cpu: st?.cpuPercent ?? NaN,
          rss: st?.rssBytes ?? NaN,
          tick: st?.tick?.meanMs ?? NaN,
          inRate: st ? st.inputs.reduce((a, i) => a + i.ratePerS, 0) : NaN,
          outRate: st ? st.outputs.reduce((a, o) => a + o.ratePerS, 0) : NaN,
          dropped: st ? st.inputs.reduce((a, i) => a + i.dropped, 0) : NaN,
          uptime: st?.uptimeMs ?? NaN,
        };
      });
    const dir = sort.desc ? -1 : 1;
    return out.sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      if (typeof x === 'number' && typeof y === 'number') return ((Number.isNaN(x) ? -Infinity : x) - (Number.isNaN(y) ? -Infinity : y)) * dir || (a.id < b.id ? -1 : 1);
      return String(x).localeCompare(String(y)) * dir;
    });
  }, [live, sort]);
  if (!rows.length)
    return (
      <section className="f8-panel-body" aria-label="Stats">
        <p className="f8-muted">No instance is running. Deploy the graph to see its numbers here.</p>
      </section>
    );
  return (
    <section className="f8-panel-body" aria-label="Stats">
      <table className="f8-table f8-stats-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.num ? 'is-num' : ''} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : !!c.num }))}>
                  {c.label}
                  {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-instance={r.id}>
              {COLUMNS.map((c) => (
                <td key={c.key} className={c.num ? 'is-num' : ''}>
                  {c.fmt ? c.fmt(r) : String(r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
