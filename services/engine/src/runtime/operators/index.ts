// The built-in operators, one per file beside this one (the math family shares math.ts). Adding
// an operator: write its file and test, list it below, then regenerate services/engine/operators.json
// (services/engine/scripts/write-operators.ts; operators.test.ts fails while it is stale).
import { OperatorRegistry } from '../registry.js';
import type { OperatorDefinition } from '../types.js';
import { clamp } from './clamp.js';
import { constant } from './constant.js';
import { counter } from './counter.js';
import { expression } from './expression.js';
import { add, divide, multiply, subtract } from './math.js';
import { merge } from './merge.js';
import { oscillator } from './oscillator.js';
import { print } from './print.js';
import { random } from './random.js';
import { rangeMap } from './range-map.js';
import { rateLimiter } from './rate-limiter.js';
import { select } from './select.js';
import { sequence } from './sequence.js';
import { smooth } from './smooth.js';
import { threshold } from './threshold.js';
import { tick } from './tick.js';

/** Every built-in operator, in catalog order. */
export function builtinOperators(): OperatorDefinition[] {
  return [tick, constant, add, subtract, multiply, divide, expression, oscillator, smooth, rangeMap, clamp, rateLimiter, counter, threshold, select, merge, sequence, print, random];
}

/** A registry holding the built-in operators. */
export function createDefaultRegistry(): OperatorRegistry {
  const registry = new OperatorRegistry();
  for (const def of builtinOperators()) registry.register(def);
  return registry;
}
