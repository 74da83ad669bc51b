// Graph edits as data: pure operations with inverses, and an undo/redo history over them.
export { applyOp, edgeIdOf } from './ops.js';
export type { EdgeOptions, GraphOp, NodeMove } from './ops.js';
export { History, composeInverse } from './history.js';
export type { ApplyOptions } from './history.js';
