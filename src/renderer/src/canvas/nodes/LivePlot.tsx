// A live chart of one editor node's series with uPlot: the data is read from the series ring
// once per animation frame while new points arrive (never through React state), so thousands of
// points per second cost one redraw a frame.
import { memo, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import { useEditorInstance } from '../../store/context';

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

export const LivePlot = memo(function LivePlot({ nodeId, windowS, width, height, label }: { nodeId: string; windowS: number; width: number; height: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const series = useEditorInstance().series.get(nodeId);
  const [empty, setEmpty] = useState(series.count === 0);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const text = cssVar(el, '--muted', '#999');
    const grid = cssVar(el, '--line', '#333');
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      cursor: { show: false },
      // the last `windowS` seconds, sliding; labels relative to now ("-5s")
      scales: {
        x: {
          time: false,
          range: () => {
            const now = Date.now() / 1000;
            return [now - windowS, now];
          },
        },
      },
      axes: [
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 22,
          font: '12px system-ui',
          space: 44,
          values: (_u, splits) => splits.map((v) => `${Math.round(v - Date.now() / 1000)}s`),
        },
        { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { show: false }, size: 44, font: '12px system-ui', space: 22 },
      ],
      series: [{}, { label, stroke: cssVar(el, '--edge-data', '#8fb4ff'), width: 1.5, points: { show: false } }],
    };
    const p = new uPlot(opts, [[], []], el);
    plot.current = p;
    let raf = 0;
    let drawn = -1;
    const draw = () => {
      raf = 0;
      if (drawn === series.version) return;
      drawn = series.version;
      const [xs, ys] = series.window(Date.now() - windowS * 1000);
      p.setData([xs, ys]);
      setEmpty(xs.length === 0);
      // how many points arrived, for tests and devtools (not React state: no re-render per point)
      el.parentElement?.setAttribute('data-points', String(series.total));
    };
    const schedule = () => {
      raf ||= requestAnimationFrame(draw);
    };
    schedule();
    const off = series.subscribe(schedule);
    // the window slides even when nothing arrives
    const slide = setInterval(() => {
      drawn = -1;
      schedule();
    }, 1000);
    return () => {
      off();
      clearInterval(slide);
      if (raf) cancelAnimationFrame(raf);
      p.destroy();
      plot.current = null;
    };
  }, [series, windowS, width, height, label]);
  return (
    <div className="f8-plot nodrag" aria-label={`${label}: live chart`}>
      <div ref={host} />
      {empty ? <div className="f8-plot-empty">{series.total ? 'no data in the window' : 'no data yet — deploy to plot'}</div> : null}
    </div>
  );
});

/** The last value that arrived (re-renders at most once a frame). */
export function useLastValue(nodeId: string): { value: unknown; ts: number } {
  const series = useEditorInstance().series.get(nodeId);
  const subscribe = useCallback(
    (onChange: () => void) => {
      let raf = 0;
      const off = series.subscribe(() => {
        raf ||= requestAnimationFrame(() => {
          raf = 0;
          onChange();
        });
      });
      return () => {
        off();
        if (raf) cancelAnimationFrame(raf);
      };
    },
    [series],
  );
  useSyncExternalStore(subscribe, () => series.version);
  return { value: series.last, ts: series.lastTs };
}
