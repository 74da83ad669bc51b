// Where each drawn edge starts and ends (flow units), reported by the edge components, and the
// bend the edge layer chose for it (off the nodes in its way). Only edges on screen report. The
// reports of one commit (hundreds of edges mounting as a pan brings them into view) become one
// store update, and the bends live in a store of their own, so an edge re-reads its bend only
// when the bends change.
import { create } from 'zustand';
import type { Ends } from './geometry';

interface EndsState {
  ends: Readonly<Record<string, Ends>>;
  set(id: string, e: Ends | null): void;
}

interface BendsState {
  bends: Readonly<Record<string, number>>;
  setBends(b: Record<string, number>): void;
}

const same = (a: Ends | undefined, b: Ends) => !!a && a.sx === b.sx && a.sy === b.sy && a.tx === b.tx && a.ty === b.ty && a.sp === b.sp && a.tp === b.tp;

/** Reports waiting for the next flush (null: the edge is gone). */
const pending = new Map<string, Ends | null>();
let scheduled = false;

export const useEdgeEnds = create<EndsState>()((set, get) => {
  const flush = () => {
    scheduled = false;
    const cur = get().ends;
    let next: Record<string, Ends> | null = null;
    for (const [id, e] of pending) {
      if (e === null ? !(id in cur) : same(cur[id], e)) continue;
      next ??= { ...cur };
      if (e === null) delete next[id];
      else next[id] = e;
    }
    pending.clear();
    if (next) set({ ends: next });
  };
  return {
    ends: {},
    set(id, e) {
      pending.set(id, e);
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(flush);
    },
  };
});

export const useEdgeBends = create<BendsState>()((set, get) => ({
  bends: {},
  setBends(b) {
    const cur = get().bends;
    const keys = Object.keys(b);
    if (keys.length === Object.keys(cur).length && keys.every((k) => cur[k] === b[k])) return;
    set({ bends: b });
  },
}));
