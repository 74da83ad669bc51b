// What crosses the wire must survive the structured clone.
import { BrowserWindowImpl } from './browser-window.mjs';
import { WebContentsImpl } from './web-contents.mjs';

/** A copy that survives the structured clone: functions and stand-in objects become descriptions. */
export function sanitize(value, depth = 0) {
  if (value === null || value === undefined) return value;
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return value;
  if (depth > 8) return '[too deep]';
  if (value instanceof BrowserWindowImpl) return `[BrowserWindow ${value.id}]`;
  if (value instanceof WebContentsImpl) return `[WebContents ${value.id}]`;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
    if (value instanceof Error) return { name: value.name, message: value.message };
    return `[${proto?.constructor?.name ?? 'object'}]`;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = sanitize(v, depth + 1);
  return out;
}
