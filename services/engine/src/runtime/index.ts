// The engine's operator runtime: a pure library (no node:*, no NATS, no clock). The host
// (services/engine/src/main.ts) wires it to the SDK: it calls apply() at tick boundaries,
// tick(now) on its timer, and forwards onPrint/onStateChange/onOutput/readExternal.
export * from './types.js';
export { Engine } from './engine.js';
export { loadPlugins } from './registry.js';
export { createDefaultRegistry } from './operators/index.js';
