// The bus payload is written without an intermediate object; its bytes are exactly those of
// JSON.stringify({value, ts}) (docs/contract.md, The data plane: `{ "value": ..., "ts": <ms> }` on the wire).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { payloadJson } from './bus.js';

describe('payloadJson', () => {
  it('gives the same text as JSON.stringify({value, ts})', () => {
    const fixed: unknown[] = [0, -1.5, 1e21, 'a "quoted" \u2028 line\n', '', null, true, [1, [2, { b: 3 }]], { z: 1, a: [null] }, new Date(0), undefined, () => 1, { u: undefined }];
    for (const v of fixed) expect(payloadJson(v, 1_700_000_000_123)).toBe(JSON.stringify({ value: v, ts: 1_700_000_000_123 }));
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 2 ** 47 }), (v, ts) => payloadJson(v, ts) === JSON.stringify({ value: v, ts })),
      { numRuns: 500 },
    );
  });
});
