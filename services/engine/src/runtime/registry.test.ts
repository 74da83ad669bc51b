import { describe, expect, it } from 'vitest';
import { Engine } from './engine.js';
import { createDefaultRegistry } from './operators/index.js';
import { checkSpec, loadPlugins, OperatorRegistry } from './registry.js';

const examplePlugin = new URL('../../plugins/example-plugin.mjs', import.meta.url).href;

describe('OperatorRegistry', () => {
  it('rejects duplicates and malformed specs with clear errors', () => {
    const r = new OperatorRegistry();
    r.register({ spec: { operatorClass: 'a.b', label: 'AB' }, create: () => ({}) });
    expect(() => r.register({ spec: { operatorClass: 'a.b', label: 'again' }, create: () => ({}) })).toThrow('operator "a.b" is already registered');
    expect(() => r.register({ spec: { operatorClass: 'Bad Class', label: 'x' }, create: () => ({}) })).toThrow(/operatorClass must match/);
    expect(() => r.register({ spec: { operatorClass: 'ok', label: '' }, create: () => ({}) })).toThrow(/label/);
    expect(() => r.register({ spec: { operatorClass: 'ok', label: 'x', dataInPorts: [{ name: 'a' }, { name: 'a' }] }, create: () => ({}) })).toThrow(/names "a" twice/);
    expect(() => r.register({ spec: { operatorClass: 'ok', label: 'x', stateFields: [{ name: 's', valueSchema: {}, access: 'rx' as 'rw' }] }, create: () => ({}) })).toThrow(/access "rx"/);
    expect(() => r.register({ spec: { operatorClass: 'ok', label: 'x' } } as never)).toThrow(/create/);
    expect(checkSpec(null)).toEqual(['spec must be an object']);
    expect(r.get('a.b')?.spec.label).toBe('AB');
    expect(r.get('zzz')).toBeUndefined();
  });

  it('lists specs sorted by operatorClass, as copies', () => {
    const r = createDefaultRegistry();
    const classes = r.specs().map((s) => s.operatorClass);
    expect(classes).toEqual([...classes].sort());
    expect(classes).toEqual(
      expect.arrayContaining([
        'tick',
        'constant',
        'math.add',
        'math.subtract',
        'math.multiply',
        'math.divide',
        'expression',
        'oscillator',
        'smooth',
        'range_map',
        'clamp',
        'rate_limiter',
        'counter',
        'threshold',
        'select',
        'merge',
        'sequence',
        'print',
        'random',
      ]),
    );
    const first = r.specs()[0]!;
    first.label = 'changed';
    expect(r.specs()[0]!.label).not.toBe('changed');
  });
});

describe('loadPlugins', () => {
  it('loads the example plugin and its operator runs', async () => {
    const registry = createDefaultRegistry();
    const result = await loadPlugins([examplePlugin], registry);
    expect(result).toEqual({ loaded: [examplePlugin], errors: [] });
    expect(registry.get('example.square')?.spec.dataOutPorts).toEqual([expect.objectContaining({ name: 'y' })]);

    const outputs: unknown[] = [];
    const engine = new Engine({ registry, onOutput: (_n, _p, v) => outputs.push(v) });
    const r = engine.apply({
      nodes: [
        { nodeId: 'k', operatorClass: 'constant', state: { value: 7 } },
        { nodeId: 'sq', operatorClass: 'example.square' },
      ],
      edges: [{ kind: 'data', from: { nodeId: 'k', port: 'value' }, to: { nodeId: 'sq', port: 'x' } }],
      publishedOutputs: [{ nodeId: 'sq', port: 'y' }],
    });
    expect(r.ok).toBe(true);
    engine.tick(0);
    expect(outputs).toEqual([49]);
  });

  it('reports failing plugins by module and keeps loading the others, all or nothing per plugin', async () => {
    const registry = new OperatorRegistry();
    const modules: Record<string, unknown> = {
      'good.mjs': { register: (api: { register(d: unknown): void }) => api.register({ spec: { operatorClass: 'good.op', label: 'G' }, create: () => ({}) }) },
      'throws.mjs': {
        register: (api: { register(d: unknown): void }) => {
          api.register({ spec: { operatorClass: 'half.op', label: 'H' }, create: () => ({}) });
          throw new Error('kaboom');
        },
      },
      'async.mjs': { default: { register: async (api: { register(d: unknown): void }) => api.register({ spec: { operatorClass: 'async.op', label: 'A' }, create: () => ({}) }) } },
      'noexport.mjs': { something: 1 },
      'dup.mjs': { register: (api: { register(d: unknown): void }) => api.register({ spec: { operatorClass: 'good.op', label: 'again' }, create: () => ({}) }) },
      'badspec.mjs': { register: (api: { register(d: unknown): void }) => api.register({ spec: { operatorClass: 'BAD', label: 'x' }, create: () => ({}) }) },
    };
    const importer = async (s: string) => {
      if (s === 'missing.mjs') throw new Error('Cannot find module');
      return modules[s];
    };
    const result = await loadPlugins(['good.mjs', 'throws.mjs', 'missing.mjs', 'async.mjs', 'noexport.mjs', 'dup.mjs', 'badspec.mjs'], registry, importer);
    expect(result.loaded).toEqual(['good.mjs', 'async.mjs']);
    expect(result.errors).toHaveLength(5);
    expect(result.errors[0]).toBe('plugin "throws.mjs" failed: kaboom');
    expect(result.errors[1]).toBe('plugin "missing.mjs" failed: Cannot find module');
    expect(result.errors[2]).toContain('"noexport.mjs" failed: does not export a register(api) function');
    expect(result.errors[3]).toContain('"dup.mjs" failed: operator "good.op" is already registered');
    expect(result.errors[4]).toContain('"badspec.mjs" failed: invalid operator spec');
    expect(registry.specs().map((s) => s.operatorClass)).toEqual(['async.op', 'good.op']);
    expect(registry.get('half.op')).toBeUndefined();
  });

  it('names a module that cannot be imported with the default importer', async () => {
    const result = await loadPlugins([new URL('../../plugins/does-not-exist.mjs', import.meta.url).href], new OperatorRegistry());
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('does-not-exist.mjs');
  });
});
