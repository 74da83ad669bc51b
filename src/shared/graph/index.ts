// Graph edits as data: pure operations with inverses, and an undo/redo history over them.
export { applyOp, edgeIdOf, isApplied } from './ops.js';
export type { ApplyResult, EdgeOptions, GraphOp, GraphOpType, IndexedEdge, IndexedNode, NodeMove, Point } from './ops.js';
export { History, composeInverse, DEFAULT_HISTORY_LIMIT } from './history.js';
export type { ApplyOptions, HistoryOptions } from './history.js';
export { NODE_PROP_KEYS, type NodePropKey } from './props.js';
