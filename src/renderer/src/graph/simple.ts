// What the canvas knows about a node's box without measuring it: the simplified drawing's fixed
// size and its two handles (a wire ends on the box's side below the zoom threshold), and for a
// full card not yet measured at this zoom an estimate of its size and port handles (close
// enough for a wire to an off-screen node; the card is measured once it is drawn). Pure.
import { Position, type NodeHandle } from '@xyflow/react';
import type { NodeShape, NodeSpec } from './spec';
import { handleId } from './handles';

export const BOX_IN = 'box:in';
export const BOX_OUT = 'box:out';
/** The simplified box's height (app/simple.css: room for a two-line label and the status line). */
export const SIMPLE_HEIGHT = 124;

export function cardWidth(shape: NodeShape): number {
  return shape === 'service' ? 220 : 200;
}

const side = (id: string, type: 'source' | 'target', width: number, y: number): NodeHandle => ({
  id,
  type,
  position: type === 'target' ? Position.Left : Position.Right,
  x: type === 'target' ? -0.5 : width - 0.5,
  y: y - 0.5,
  width: 1,
  height: 1,
});

/** The simplified box: its size and a handle on each side an edge ends on (as the DOM draws them). */
export function simpleBox(shape: NodeShape, into: boolean, outOf: boolean, drawn?: { width: number; height: number }): { width: number; height: number; handles: NodeHandle[] } {
  const width = drawn?.width ?? cardWidth(shape);
  const height = drawn?.height ?? SIMPLE_HEIGHT;
  const handles: NodeHandle[] = [];
  if (into) handles.push(side(BOX_IN, 'target', width, height / 2));
  if (outOf) handles.push(side(BOX_OUT, 'source', width, height / 2));
  return { width, height, handles };
}

const HEAD = 62;
const ROW = 22;

/** A full card's size and port handles, estimated from its spec (used until it is measured). */
export function estimatedCard(spec: NodeSpec, connectedFields: readonly string[]): { width: number; height: number; handles: NodeHandle[] } {
  const width = cardWidth(spec.shape);
  const handles: NodeHandle[] = [];
  const ins = [...spec.execIn.map((p) => handleId('exec', 'in', p.name)), ...spec.dataIn.map((p) => handleId('data', 'in', p.name))];
  const outs = [...spec.execOut.map((p) => handleId('exec', 'out', p.name)), ...spec.dataOut.map((p) => handleId('data', 'out', p.name))];
  ins.forEach((id, i) => handles.push(side(id, 'target', width, HEAD + ROW * i + ROW / 2)));
  outs.forEach((id, i) => handles.push(side(id, 'source', width, HEAD + ROW * i + ROW / 2)));
  const top = HEAD + ROW * Math.max(ins.length, outs.length) + 8;
  const shown = spec.fields.filter((f) => f.showOnNode || connectedFields.includes(f.name));
  shown.forEach((f, i) => {
    const y = top + ROW * i + ROW / 2;
    if (f.access !== 'ro') handles.push(side(handleId('state', 'in', f.name), 'target', width, y));
    if (f.access !== 'wo') handles.push(side(handleId('state', 'out', f.name), 'source', width, y));
  });
  return { width, height: top + ROW * shown.length + (spec.fields.length > shown.length ? ROW : 0) + 8, handles };
}
