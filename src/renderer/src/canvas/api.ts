// The canvas API the commands use (fit view, coordinates, the pointer), set by the Canvas.
import type { CanvasApi } from '../commands/registry';

let api: CanvasApi | null = null;
const listeners = new Set<(a: CanvasApi | null) => void>();

export function setCanvasApi(a: CanvasApi | null): void {
  api = a;
  for (const l of listeners) l(a);
}
export function canvasApi(): CanvasApi | null {
  return api;
}
export function onCanvasApi(l: (a: CanvasApi | null) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
