// The editor's clipboard (shared by copy, paste and duplicate): in memory, mirrored to the
// system clipboard as JSON so a paste in another tab works too.
import { isClipboard, pasteOp, type ClipboardContent } from '../graph/clipboard';
import type { CommandContext } from './registry';

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

export function pasteContent(c: CommandContext, clip: ClipboardContent, offset: { x: number; y: number }): void {
  const s = c.store.getState();
  const target = containerAtPointer(c);
  const r = pasteOp(s.graph, clip, { offset, ...(target ? { targetParent: target } : {}) });
  if (!r) return s.notify('error', 'nothing to paste here: operators need an engine (point at one and paste again)');
  const err = s.apply(r.op);
  if (err) return s.notify('error', `paste refused: ${err}`);
  s.select(r.ids, []);
}

export const hasSelection = (c: CommandContext): boolean => c.store.getState().selectedNodes.size > 0 || c.store.getState().selectedEdges.size > 0;
