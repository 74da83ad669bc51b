// The engine's operator runtime: a pure library (no node:*, no NATS, no clock). The host
// (services/engine/src/main.ts) wires it to the SDK: it calls apply() at tick boundaries,
// tick(now) on its timer, and forwards onPrint/onStateChange/onOutput/readExternal.
export * from './types.js';
export { Engine, DEFAULT_MAX_STEPS_PER_TICK, type EngineOptions } from './engine.js';
export { OperatorRegistry, loadPlugins, checkSpec, type PluginApi, type PluginModule, type PluginLoadResult } from './registry.js';
export { builtinOperators, createDefaultRegistry, formatValue } from './operators/index.js';
export { parseExpression, compileExpression, evaluate, formatParseError, tokenize, EXPRESSION_FUNCTIONS, type ParseResult, type CompiledExpression, type Variables } from './expression.js';
export { seededRandom } from './values.js';
