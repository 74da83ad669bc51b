// View state: the selection, open panels, transient messages. Never part of the document.
import type { StateCreator } from 'zustand';
import { loadPanels, savePanels } from './panels';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** Where to show it (client coordinates), e.g. next to the cursor after a refused drop. */
  at?: { x: number; y: number };
}

export interface QuickAddRequest {
  /** Client coordinates of the popup. */
  screen: { x: number; y: number };
  /** Flow coordinates where the node goes. */
  flow: { x: number; y: number };
  /** Opened from a dangling wire: only nodes with a compatible port are offered, and the pick is connected. */
  from?: { nodeId: string; handleId: string };
}

export type BottomTab = 'problems' | 'deploy' | 'logs' | 'plots' | 'stats';

export interface ViewSlice {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  bottomTab: BottomTab;
  bottomOpen: boolean;
  notices: Notice[];
  quickAdd: QuickAddRequest | null;
  theme: 'dark' | 'light';
  select(nodes: Iterable<string>, edges?: Iterable<string>): void;
  notify(kind: Notice['kind'], text: string, at?: Notice['at']): void;
  dismiss(id: number): void;
  openQuickAdd(q: QuickAddRequest | null): void;
  setBottomOpen(open: boolean): void;
  /** Shows a bottom panel tab (and opens the panel). */
  setBottomTab(tab: BottomTab): void;
  /** The instance the Logs panel shows. */
  logsInstance: string | null;
  showLogs(instanceId: string): void;
  setTheme(t: 'dark' | 'light'): void;
  /** Nodes showing all their state fields ("n more fields" opened), by nodeId. */
  fieldsExpanded: Readonly<Record<string, boolean>>;
  toggleFields(nodeId: string): void;
}

let noticeSeq = 0;

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set, get) => ({
  selectedNodes: new Set(),
  selectedEdges: new Set(),
  bottomTab: 'problems',
  bottomOpen: loadPanels().bottomOpen,
  notices: [],
  quickAdd: null,
  theme: 'dark',
  select(nodes, edges = []) {
    const n = new Set(nodes);
    const e = new Set(edges);
    const cur = get();
    const same = (a: ReadonlySet<string>, b: Set<string>) => a.size === b.size && [...b].every((x) => a.has(x));
    if (same(cur.selectedNodes, n) && same(cur.selectedEdges, e)) return;
    set({ selectedNodes: n, selectedEdges: e });
  },
  notify(kind, text, at) {
    const id = ++noticeSeq;
    set({ notices: [...get().notices.slice(-3), { id, kind, text, ...(at ? { at } : {}) }] });
    // next to the cursor a message is about that gesture: it goes sooner (or with the next click)
    setTimeout(() => get().dismiss(id), at ? 3500 : kind === 'error' ? 6000 : 3000);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
  openQuickAdd: (quickAdd) => set({ quickAdd }),
  setBottomOpen: (bottomOpen) => {
    set({ bottomOpen });
    savePanels({ ...loadPanels(), bottomOpen });
  },
  setBottomTab: (bottomTab) => {
    if (!get().bottomOpen) get().setBottomOpen(true);
    set({ bottomTab });
  },
  logsInstance: null,
  showLogs: (logsInstance) => {
    get().setBottomTab('logs');
    set({ logsInstance });
  },
  setTheme: (theme) => set({ theme }),
  fieldsExpanded: {},
  toggleFields: (id) => set({ fieldsExpanded: { ...get().fieldsExpanded, [id]: !get().fieldsExpanded[id] } }),
});
