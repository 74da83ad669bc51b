// Resolve hook (runs on Node's loader thread): `electron` and its sub-paths become the stand-in.
// Only ESM `import` goes through here; a `require('electron')` (createRequire) is not redirected on
// Node 20 and would reach the real package, which starts a binary download: do not.
const STAND_IN = new URL('./electron.mjs', import.meta.url).href;
const MAPPED = new Set(['electron', 'electron/main', 'electron/common', 'electron/renderer']);

export async function resolve(specifier, context, nextResolve) {
  if (MAPPED.has(specifier)) return { url: STAND_IN, format: 'module', shortCircuit: true };
  return nextResolve(specifier, context);
}
