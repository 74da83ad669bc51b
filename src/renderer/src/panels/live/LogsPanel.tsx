// Logs (bottom panel): one instance's log, the backlog then live lines; stdout and stderr
// marked, follow (stick to the end), filter; virtualised, so 100k lines stay smooth.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { useCommandContext, useEditor, useEditorInstance } from '../../store/context';

const ROW = 18;

function useInstances(): string[] {
  return useEditor(useShallow((s) => [...new Set([...Object.keys(s.live).filter((id) => s.live[id]?.record), ...Object.keys(s.deployed?.compiled?.subgraphs ?? {})])].sort()));
}

export function LogsPanel() {
  const { store, logs } = useEditorInstance();
  const ids = useInstances();
  const chosen = useEditor((s) => s.logsInstance);
  const connected = useEditor((s) => s.connection === 'connected');
  const id = chosen && ids.includes(chosen) ? chosen : (ids[0] ?? null);
  const session = useCommandContext()?.session ?? null;
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(true);
  const [streams, setStreams] = useState({ stdout: true, stderr: true });
  useEffect(() => {
    if (!id || !session || !connected) return;
    const d = session.followLogs(id);
    return () => void d.dispose();
  }, [id, connected, session]);
  const book = id ? logs.get(id) : null;
  const version = useSyncExternalStore(book?.subscribe ?? noSubscribe, () => book?.version ?? 0);
  const lines = useMemo(() => {
    const all = book?.lines ?? [];
    const f = filter.trim().toLowerCase();
    if (!f && streams.stdout && streams.stderr) return all;
    return all.filter((l) => (l.stream === 'stderr' ? streams.stderr : streams.stdout) && (!f || l.text.toLowerCase().includes(f)));
  }, [book, version, filter, streams]); // version: the buffer changed in place
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: lines.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });
  useEffect(() => {
    if (follow && lines.length) v.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, lines.length, v]);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
    if (atEnd !== follow) setFollow(atEnd);
  };
  return (
    <section className="f8-panel-body f8-logs" aria-label="Logs">
      <div className="f8-logs-bar">
        <label>
          instance{' '}
          <select value={id ?? ''} onChange={(e) => store.getState().showLogs(e.target.value)} aria-label="Instance">
            {ids.length ? null : <option value="">(none running)</option>}
            {ids.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="filter" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter log lines" />
        <label>
          <input type="checkbox" checked={streams.stdout} onChange={(e) => setStreams({ ...streams, stdout: e.target.checked })} /> stdout
        </label>
        <label>
          <input type="checkbox" checked={streams.stderr} onChange={(e) => setStreams({ ...streams, stderr: e.target.checked })} /> stderr
        </label>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
        <span className="f8-muted">
          {lines.length.toLocaleString()} line{lines.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="f8-logs-lines" ref={scroller} onScroll={onScroll} role="log" aria-label={id ? `log of ${id}` : 'log'} aria-live="off">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const l = lines[item.index]!;
            return (
              <div key={item.key} className={`f8-log-line is-${l.stream}`} style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW }}>
                <span className="f8-log-ts">{new Date(l.ts).toLocaleTimeString()}</span>
                <span className="f8-log-stream">{l.stream === 'stderr' ? 'err' : l.stream === 'stdout' ? 'out' : l.stream}</span>
                <span className="f8-log-text">{l.text}</span>
              </div>
            );
          })}
        </div>
        {!id ? <p className="f8-muted">No instance yet: deploy the graph, then pick an instance here.</p> : null}
      </div>
    </section>
  );
}

const noSubscribe = () => () => {};
