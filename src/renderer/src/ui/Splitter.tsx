// A resize handle between a panel and the canvas: drag it, or focus it and use the arrow keys
// (a focusable separator with its value, as assistive technology expects).
import { useRef } from 'react';

export interface SplitterProps {
  label: string;
  /** 'x': resizes a width (a vertical bar); 'y': a height. */
  axis: 'x' | 'y';
  value: number;
  min: number;
  max: number;
  /** +1 when moving right/down grows the panel, -1 when it shrinks it. */
  grow: 1 | -1;
  onChange(v: number): void;
  className?: string;
}

export function Splitter({ label, axis, value, min, max, grow, onChange, className }: SplitterProps) {
  const start = useRef<{ at: number; value: number } | null>(null);
  const clamp = (v: number) => Math.min(max, Math.max(min, Math.round(v)));
  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      title={`${label} (drag, or arrow keys)`}
      className={`f8-splitter f8-splitter-${axis}${className ? ` ${className}` : ''}`}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { at: axis === 'x' ? e.clientX : e.clientY, value };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const d = (axis === 'x' ? e.clientX : e.clientY) - start.current.at;
        onChange(clamp(start.current.value + grow * d));
      }}
      onPointerUp={() => (start.current = null)}
      onPointerCancel={() => (start.current = null)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 64 : 16;
        const more = axis === 'x' ? (grow === 1 ? 'ArrowRight' : 'ArrowLeft') : grow === 1 ? 'ArrowDown' : 'ArrowUp';
        const less = axis === 'x' ? (grow === 1 ? 'ArrowLeft' : 'ArrowRight') : grow === 1 ? 'ArrowUp' : 'ArrowDown';
        if (e.key === more) onChange(clamp(value + step));
        else if (e.key === less) onChange(clamp(value - step));
        else return;
        e.preventDefault();
      }}
    />
  );
}
