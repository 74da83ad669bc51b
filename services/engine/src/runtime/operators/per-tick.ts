// The memory of smooth and rate_limiter: it advances at most once per tick, so pulling the
// operator twice in one tick recomputes from the previous tick's value. Pure.
import type { OperatorContext, OperatorInstance } from '../types.js';
import { toNumber } from '../values.js';

/** Memory that advances once per tick: `base` is the value at the end of the previous tick. */
class PerTick {
  base: number | undefined;
  current: number | undefined;
  tick = -1;
  begin(ctx: OperatorContext): number | undefined {
    if (ctx.tick !== this.tick) {
      this.tick = ctx.tick;
      this.base = this.current;
    }
    return this.base;
  }
}

/**
 * An operator that follows its numeric `value` input once per tick: `step(prev, x, ctx)` gives
 * the next output from the previous tick's output (undefined before any input) and a finite
 * input. A missing or non-finite input holds the last output; null before any input.
 */
export function perTickFilter(step: (prev: number | undefined, x: number, ctx: OperatorContext) => number): () => OperatorInstance {
  return () => {
    const mem = new PerTick();
    return {
      output: (_port, ctx) => {
        const prev = mem.begin(ctx);
        const x = toNumber(ctx.input('value'));
        mem.current = x === undefined || !Number.isFinite(x) ? prev : step(prev, x, ctx);
        return mem.current ?? null;
      },
    };
  };
}
