// The compiler's pure graph checks, for services that check a graph themselves (the engine
// validates every graph it is given): one cycle finder, one null rule and one set of name
// patterns in the project. Pure, like the modules it re-exports: the engine's runtime imports
// this module directly, not the SDK index (which brings node:* and NATS with it).
export { cmp, findCycles, type Arc } from '../shared/compiler/cycles.js';
export { acceptsNull } from '../shared/compiler/schema-compat.js';
export { CLASS_PATTERN, NAME_PATTERN } from '../shared/naming.js';
