// Frees the high-rate buffers (streams.ts) of what is gone, so a long session does not keep
// them: a plot's series (320 KB) once its node left the document and the deployed graph (nothing
// feeds it any more), an instance's log once it is neither registered nor deployed (the Logs
// panel can no longer pick it). Runs on the store changes that can make either happen.
import type { EditorState } from './index';
import type { Keyed, LogBuffer, Series } from './streams';

export interface Streams {
  series: Keyed<Series>;
  logs: Keyed<LogBuffer>;
}

type Store = { getState(): EditorState; subscribe(listener: (s: EditorState, prev: EditorState) => void): () => void };

/** Node ids whose series something may still feed or draw: the document's nodes and the deployed editor inputs. */
function seriesKept(s: EditorState): Set<string> {
  const kept = new Set(s.graph.nodes.map((n) => n.nodeId));
  for (const h of s.deployed?.editorHalfEdges ?? []) kept.add(h.local.nodeId);
  return kept;
}

/** Instance ids whose log the Logs panel offers: registered ones and those in the deployed graph. */
function logsKept(s: EditorState): Set<string> {
  const kept = new Set(Object.keys(s.live).filter((id) => s.live[id]?.record));
  for (const id of Object.keys(s.deployed?.compiled?.subgraphs ?? {})) kept.add(id);
  return kept;
}

/** Frees buffers as the store changes, until the returned function is called. */
export function releaseStreams(store: Store, streams: Streams): () => void {
  return store.subscribe((s, prev) => {
    if (s.graph !== prev.graph || s.deployed !== prev.deployed) {
      const kept = seriesKept(s);
      streams.series.retain((id) => kept.has(id));
    }
    if (s.live !== prev.live || s.deployed !== prev.deployed) {
      const kept = logsKept(s);
      streams.logs.retain((id) => kept.has(id));
    }
  });
}
