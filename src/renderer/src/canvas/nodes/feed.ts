// Cheap per-node subscriptions. One store subscription for the whole canvas works out which
// instances an update touched (their live data, failure, "running" flag) and calls only the
// listeners of nodes showing those instances; canvas-wide inputs (the deployed compilation, the
// connection, the lease role, the graph's edges, the catalog) call every listener, and nothing
// else does: a lease ping (a new lease object, the same role), a selection or a viewport change
// runs no node's selector. A listener re-renders its node only when its selection changed.
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { EditorState, EditorStore } from '../../store';
import { useEditorStore } from '../../store/context';

type Listener = () => void;
const ALL = '\u0000all';

/** One editor's node listeners by instance id, and its one store subscription while any listens. */
class Feed {
  private listeners = new Map<string, Set<Listener>>();
  private unsubscribe: (() => void) | null = null;
  constructor(private readonly store: EditorStore) {}

  private notify(key: string): void {
    const set = this.listeners.get(key);
    if (set) for (const l of [...set]) l();
  }

  private notifyAll(): void {
    const seen = new Set<Listener>();
    for (const set of [...this.listeners.values()]) {
      for (const l of [...set]) {
        if (seen.has(l)) continue;
        seen.add(l);
        l();
      }
    }
  }

  private onStore = (s: EditorState, prev: EditorState): void => {
    const t = touchedBy(s, prev);
    if (t === 'all') return this.notifyAll();
    for (const id of t) this.notify(id);
  };

  listen(keys: readonly string[], l: Listener): () => void {
    this.unsubscribe ??= this.store.subscribe(this.onStore);
    const ks = keys.length ? keys : [ALL];
    for (const k of ks) {
      let set = this.listeners.get(k);
      if (!set) this.listeners.set(k, (set = new Set()));
      set.add(l);
    }
    return () => {
      for (const k of ks) {
        const set = this.listeners.get(k);
        set?.delete(l);
        if (set && !set.size) this.listeners.delete(k);
      }
      if (!this.listeners.size && this.unsubscribe) {
        this.unsubscribe();
        this.unsubscribe = null;
      }
    };
  }
}

const feeds = new WeakMap<EditorStore, Feed>();
function feedOf(store: EditorStore): Feed {
  let f = feeds.get(store);
  if (!f) feeds.set(store, (f = new Feed(store)));
  return f;
}

function diffRecords(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>, touched: Set<string>): void {
  for (const id in a) if (a[id] !== b[id]) touched.add(id);
  for (const id in b) if (!(id in a)) touched.add(id);
}

const NONE_RUNNING: ReadonlySet<string> = new Set();

function diffSets(a: ReadonlySet<string>, b: ReadonlySet<string>, touched: Set<string>): void {
  for (const id of a) if (!b.has(id)) touched.add(id);
  for (const id of b) if (!a.has(id)) touched.add(id);
}

/** What a store update means for the nodes (exported for tests): 'all', or the instance ids it touched. */
export function touchedBy(s: EditorState, prev: EditorState): 'all' | Set<string> {
  if (
    s.deployed !== prev.deployed ||
    s.connection !== prev.connection ||
    s.masterReachable !== prev.masterReachable ||
    s.lease.role !== prev.lease.role ||
    s.graph.edges !== prev.graph.edges ||
    s.catalogIndex !== prev.catalogIndex
  )
    return 'all';
  const touched = new Set<string>();
  if (s.live !== prev.live) diffRecords(s.live, prev.live, touched);
  if (s.failures !== prev.failures) diffRecords(s.failures, prev.failures, touched);
  // nodes read the running set only by their own id: unknown (null) reads as empty
  if (s.liveInstances !== prev.liveInstances) diffSets(s.liveInstances ?? NONE_RUNNING, prev.liveInstances ?? NONE_RUNNING, touched);
  return touched;
}

/**
 * A node's selection from the store, recomputed when the store says one of `keys` (instance ids)
 * changed or a canvas-wide input did, and on the node's own renders.
 */
export function useFeed<T>(keys: readonly (string | null | undefined)[], select: (s: EditorState) => T, eq: (a: T, b: T) => boolean): T {
  const store = useEditorStore();
  const selectRef = useRef(select);
  selectRef.current = select;
  const value = useRef<{ v: T } | null>(null);
  const fresh = select(store.getState());
  if (!value.current || !eq(fresh, value.current.v)) value.current = { v: fresh };
  const key = [...new Set(keys.filter((k): k is string => !!k))].join('\u0000');
  const subscribe = useCallback(
    (changed: () => void) =>
      feedOf(store).listen(key ? key.split('\u0000') : [], () => {
        const next = selectRef.current(store.getState());
        if (value.current && eq(next, value.current.v)) return;
        value.current = { v: next };
        changed();
      }),
    // eq is a module-level function at every call site
    [key, store],
  );
  return useSyncExternalStore(subscribe, () => (value.current as { v: T }).v);
}
