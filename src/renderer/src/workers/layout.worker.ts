// Runs elkjs off the main thread (a same-origin worker file: the CSP allows it; blob workers
// are refused). Message in: {id, graph: ElkNode}; out: {id, result} or {id, error}.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from '../graph/layout';

const elk = new ELK();

self.onmessage = (e: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = e.data;
  elk.layout(graph as never).then(
    (result) => self.postMessage({ id, result }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
};
