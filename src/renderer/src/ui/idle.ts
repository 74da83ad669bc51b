// Work that can wait for the browser's next idle period (autosave, recent files, a re-map).

/** Runs fn in the next idle period (at most timeoutMs later); returns a cancel. */
export function whenIdle(fn: () => void, timeoutMs = 2_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const h = requestIdleCallback(() => fn(), { timeout: timeoutMs });
    return () => cancelIdleCallback(h);
  }
  const t = setTimeout(fn, 0);
  return () => clearTimeout(t);
}
