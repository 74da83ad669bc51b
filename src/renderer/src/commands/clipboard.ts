// The editor's clipboard (shared by copy, paste and duplicate): in memory, mirrored to the
// system clipboard as JSON so a paste in another tab works too.
import { copySelection, isClipboard, pasteOp, type ClipboardContent } from '../graph/clipboard';
import type { CommandContext } from './registry';
import { canvasParent, NODE_MIN_HEIGHT, NODE_WIDTH, positionOf } from '../graph/geometry';
import { drawnSize, placeNear } from '../canvas/placement';

let content: ClipboardContent | null = null;

export function setClipboard(c: ClipboardContent): void {
  content = c;
  void globalThis.navigator?.clipboard?.writeText(JSON.stringify(c)).catch(() => {});
}

export async function readClipboard(): Promise<ClipboardContent | null> {
  try {
    const text = await globalThis.navigator?.clipboard?.readText();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (isClipboard(parsed)) return parsed;
  } catch {
    // no permission, or not ours: the in-app clipboard stands
  }
  return content;
}

/** The deepest engine or container under the pointer, for operators pasted without their engine. */
export function containerAtPointer(c: CommandContext): string | undefined {
  const p = c.canvas?.pointer();
  if (!c.canvas || !p) return undefined;
  const at = c.canvas.flow.screenToFlowPosition(p);
  const hits = c.canvas.flow.getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 }).filter((n) => n.type === 'engine' || n.type === 'container');
  return hits[hits.length - 1]?.id;
}

/**
 * Pastes `clip` shifted by `offset` from where it was copied, then moved as one group to the
 * nearest free spot there (inside the engine under the pointer for operators without theirs).
 */
export function pasteContent(c: CommandContext, clip: ClipboardContent, offset: { x: number; y: number }): void {
  const s = c.store.getState();
  const target = containerAtPointer(c);
  const opts = target ? { targetParent: target } : {};
  const first = pasteOp(s.graph, clip, { offset, ...opts });
  if (!first) return s.notify('error', 'nothing to paste here: operators need an engine (point at one and paste again)');
  const flow = c.canvas?.flow;
  const added = new Set(first.ids);
  // the group's roots: pasted nodes whose container is not pasted with them
  const roots = first.nodes.filter((n) => !(n.kind === 'operator' && added.has(n.parentId)));
  const parents = new Set(roots.map((n) => canvasParent(n)));
  const parent = parents.size === 1 ? [...parents][0] : undefined;
  const boxes = roots.map((n) => {
    const p = positionOf(n);
    const size = drawnSize(flow, first.from.get(n.nodeId) ?? '') ?? { width: NODE_WIDTH, height: NODE_MIN_HEIGHT + 40 };
    return { x: p.x, y: p.y, right: p.x + size.width, bottom: p.y + size.height };
  });
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const size = { width: Math.max(...boxes.map((b) => b.right)) - x, height: Math.max(...boxes.map((b) => b.bottom)) - y };
  const at = placeNear(c.canvas, s.graph, parent, { x, y }, size);
  const r = pasteOp(s.graph, clip, { offset: { x: offset.x + at.x - x, y: offset.y + at.y - y }, ...opts }) ?? first;
  const err = s.apply(r.op);
  if (err) return s.notify('error', `paste refused: ${err}`);
  s.select(r.ids, []);
}

export const hasSelection = (c: CommandContext): boolean => c.store.getState().selectedNodes.size > 0 || c.store.getState().selectedEdges.size > 0;

/** Copy and duplicate take the selected nodes (with the edges between them). */
export const hasSelectedNodes = (c: CommandContext): boolean => c.store.getState().selectedNodes.size > 0;

export function copyOfSelection(c: CommandContext): ClipboardContent {
  const s = c.store.getState();
  return copySelection(s.graph, s.selectedNodes);
}
