// Fit view keeps the nodes clear of the canvas's own overlays: the zoom controls (bottom left)
// and the minimap (bottom right) take a strip at the bottom, so a fitted node is never under them.
import type { FitViewOptions } from '@xyflow/react';

type Padding = NonNullable<FitViewOptions['padding']>;

/** Height of the overlay strip at the bottom of the canvas (controls and minimap, with margins). */
export const OVERLAY_STRIP = 132;

export function fitPadding(): Padding {
  return { top: '36px', left: '48px', right: '36px', bottom: `${OVERLAY_STRIP}px` };
}
