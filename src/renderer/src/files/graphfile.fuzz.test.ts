// Property-based bad input (issue 12): graph files as a broken tool might leave them. A file
// parses or says what is wrong and where; what parses compiles to diagnostics, never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import demo from '../../../../examples/demo.json';
import { parseGraphFile } from './graphfile';
import { fuzzParams, mutatedText } from '../../../../test/support/fuzz';
import { compile, compileCatalogFrom } from '../../../shared/compiler';

describe('graph files (property)', () => {
  it('a graph file parses or says what is wrong; what parses compiles to diagnostics, never a throw', async () => {
    const catalog = compileCatalogFrom([]);
    await fc.assert(
      fc.property(mutatedText(demo as Record<string, unknown>), (content) => {
        const r = parseGraphFile('g.f8graph', content);
        if ('error' in r) {
          expect(r.error).toMatch(/g\.f8graph .*The current graph is unchanged\.$/s);
          return;
        }
        const c = compile(r.graph, catalog, null);
        expect(Array.isArray(c.diagnostics)).toBe(true);
        expect(c.diagnostics.every((d) => d.code !== 'internal')).toBe(true);
      }),
      fuzzParams(200),
    );
  });
});
