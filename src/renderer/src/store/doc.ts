// The document: the ServiceGraph being edited, its undo/redo history (src/shared/graph), the
// file it came from and whether it has unsaved changes. Every graph edit goes through apply().
import type { StateCreator } from 'zustand';
import { History, type ApplyOptions, type GraphOp } from '../../../shared/graph';
import { canonicalJson } from '../../../shared/hash';
import type { ServiceGraph } from '../../../shared/types';
import { newNodeId } from '../graph/ids';

export const GRAPH_SCHEMA_VERSION = 'f8studio-graph/1';

export function emptyGraph(name = 'Untitled'): ServiceGraph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, graphId: newNodeId(), name, nodes: [], edges: [] };
}

export interface FileRef {
  /** `demo.f8graph` */
  name: string;
  /** A File System Access handle (browser) or a path (desktop), when saving can go back to it. */
  handle?: unknown;
}

export interface DocSlice {
  history: History;
  graph: ServiceGraph;
  /** Bumped on every change (cheap equality for subscribers). */
  version: number;
  canUndo: boolean;
  canRedo: boolean;
  file: FileRef | null;
  /** canonical JSON of the graph as last saved or opened ('' for a new graph). */
  savedJson: string;
  dirty: boolean;
  /** The last refused edit, for the status line. */
  lastError: string | null;
  apply(op: GraphOp, options?: ApplyOptions): string | null;
  undo(): void;
  redo(): void;
  /** Replaces the document (new, open, example, autosave restore). */
  load(graph: ServiceGraph, file: FileRef | null, opts?: { savedJson?: string }): void;
  markSaved(file: FileRef): void;
  /** The document no longer belongs to its file (a reverted revision): unsaved, Save asks where. */
  detachFile(): void;
}

export const createDocSlice: StateCreator<DocSlice, [], [], DocSlice> = (set, get) => {
  // An edit makes the document dirty; undo and redo compare with the saved form (they may return to it).
  const refresh = (h: History, exact: boolean, extra: Partial<DocSlice> = {}): Partial<DocSlice> => {
    const graph = h.graph;
    const dirty = exact ? canonicalJson(graph) !== get().savedJson : true;
    return { graph, version: get().version + 1, canUndo: h.canUndo, canRedo: h.canRedo, dirty, ...extra };
  };
  const initial = emptyGraph();
  const history = new History(initial);
  return {
    history,
    graph: initial,
    version: 0,
    canUndo: false,
    canRedo: false,
    file: null,
    savedJson: canonicalJson(initial),
    dirty: false,
    lastError: null,
    apply(op, options) {
      const h = get().history;
      const r = h.apply(op, options);
      if ('error' in r) {
        set({ lastError: r.error });
        return r.error;
      }
      set(refresh(h, false, { lastError: null }));
      return null;
    },
    undo() {
      const h = get().history;
      if (!h.canUndo) return;
      h.undo();
      set(refresh(h, true));
    },
    redo() {
      const h = get().history;
      if (!h.canRedo) return;
      h.redo();
      set(refresh(h, true));
    },
    load(graph, file, opts = {}) {
      const h = new History(graph);
      // one canonical form of the graph (at 2000 nodes each one is a visible pause when a file opens)
      const json = canonicalJson(graph);
      const savedJson = opts.savedJson ?? json;
      set({ history: h, graph, version: get().version + 1, canUndo: false, canRedo: false, file, savedJson, dirty: json !== savedJson, lastError: null });
    },
    detachFile() {
      set({ file: null, savedJson: '', dirty: true });
    },
    markSaved(file) {
      const json = canonicalJson(get().graph);
      set({ file, savedJson: json, dirty: false });
    },
  };
};
