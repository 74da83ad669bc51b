// Where each drawn edge starts and ends (flow units), reported by the edge components, and the
// bend the edge layer chose for it (off the nodes in its way). Only edges on screen report.
import { create } from 'zustand';
import type { Ends } from './geometry';

interface EndsState {
  ends: Readonly<Record<string, Ends>>;
  bends: Readonly<Record<string, number>>;
  set(id: string, e: Ends | null): void;
  setBends(b: Record<string, number>): void;
}

const same = (a: Ends | undefined, b: Ends) => !!a && a.sx === b.sx && a.sy === b.sy && a.tx === b.tx && a.ty === b.ty && a.sp === b.sp && a.tp === b.tp;

export const useEdgeEnds = create<EndsState>()((set, get) => ({
  ends: {},
  bends: {},
  set(id, e) {
    const cur = get().ends;
    if (e === null) {
      if (!(id in cur)) return;
      const { [id]: _gone, ...rest } = cur;
      set({ ends: rest });
    } else if (!same(cur[id], e)) set({ ends: { ...cur, [id]: e } });
  },
  setBends(b) {
    const cur = get().bends;
    const keys = Object.keys(b);
    if (keys.length === Object.keys(cur).length && keys.every((k) => cur[k] === b[k])) return;
    set({ bends: b });
  },
}));
