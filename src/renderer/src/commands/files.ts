// Shared steps of the file commands: load a graph (after the unsaved-changes question), save.
import { canonicalJson } from '../../../shared/hash';
import type { ServiceGraph } from '../../../shared/types';
import { graphFileName, graphFileText, parseGraphFile } from '../files/graphfile';
import { rememberFile } from '../files/recent';
import { whenIdle } from '../ui/idle';

/** Above this many nodes a graph opens on a part of it rather than fitted whole. */
export const LARGE_GRAPH_NODES = 500;
import { afterPaint, type CommandContext } from './registry';
import { fitPadding } from '../canvas/fit';

/** Parses and loads a file's text; a bad file is refused with what is wrong and the graph stays. */
export async function openText(c: CommandContext, name: string, text: string, handle?: unknown, asNew = false): Promise<boolean> {
  const parsed = parseGraphFile(name, text);
  if ('error' in parsed) {
    c.store.getState().notify('error', parsed.error);
    return false;
  }
  if (!(await c.confirmDiscard(`open ${name}`))) return false;
  if (!(await liveQuestion(c, name))) return false;
  loadGraph(c, parsed.graph, asNew ? null : { name, ...(handle !== undefined ? { handle } : {}) });
  // kept for Open recent once the graph is on screen (a large file's write waits for an idle moment)
  if (!asNew) whenIdle(() => rememberFile(name, text));
  return true;
}

/**
 * With Live on, a graph that replaces the document would deploy itself over what runs: ask first.
 * False when the user cancels; "Open, Live off" turns Live off before the graph is loaded.
 */
export async function liveQuestion(c: CommandContext, what: string): Promise<boolean> {
  const s = c.store.getState();
  if (!s.liveMode) return true;
  if (!c.ask) {
    s.setLiveMode(false);
    return true;
  }
  const choice = await c.ask({
    title: `Live is on: deploy ${what}?`,
    body: `With Live on, ${what} would deploy itself over the graph that runs now. Open it with Live turned off, or open and deploy it.`,
    confirm: 'Open, Live off',
    alternative: 'Open and deploy',
  });
  if (choice === 'cancel') return false;
  if (choice === 'confirm') c.store.getState().setLiveMode(false);
  return true;
}

export function loadGraph(c: CommandContext, graph: ServiceGraph, file: { name: string; handle?: unknown } | null): void {
  const s = c.store.getState();
  s.load(graph, file);
  s.select([], []);
  // A large graph opens on its top-left corner at a readable zoom (fitting thousands of nodes
  // would draw them all, unreadably small); F fits everything.
  const big = graph.nodes.length > LARGE_GRAPH_NODES;
  const corner = big
    ? [...graph.nodes]
        .filter((n) => n.kind !== 'operator')
        .sort((a, b) => (a.position?.y ?? 0) - (b.position?.y ?? 0) || (a.position?.x ?? 0) - (b.position?.x ?? 0))
        .slice(0, 12)
    : [];
  afterPaint(() => void c.canvas?.flow.fitView(big ? { nodes: corner.map((n) => ({ id: n.nodeId })), padding: 0.2, maxZoom: 1 } : { padding: fitPadding(), maxZoom: 1 }));
}

export async function saveTo(c: CommandContext, asNew: boolean): Promise<void> {
  const s = c.store.getState();
  const name = s.file?.name ? graphFileName(s.file.name) : graphFileName(s.graph.name ?? 'untitled');
  const text = graphFileText(s.graph);
  const r = await c.files.save(name, text, asNew ? undefined : s.file?.handle);
  if (!r) return;
  const json = canonicalJson(s.graph);
  if (canonicalJson(c.store.getState().graph) === json) c.store.getState().markSaved(r);
  rememberFile(r.name, text);
  c.store.getState().notify('info', `saved ${r.name}`);
}
