import { describe, expect, it } from 'vitest';
import { controlFor, valueOf } from './field-control';

describe('state field controls', () => {
  it('honours uiControl, else follows the schema', () => {
    expect(controlFor({ type: 'number' }, { kind: 'slider', min: 0, max: 20, step: 0.1 })).toEqual({ kind: 'slider', min: 0, max: 20, step: 0.1 });
    expect(controlFor({ type: 'string' }, { kind: 'select', options: ['sine', 'square'] })).toMatchObject({
      kind: 'select',
      options: [
        { value: 'sine', label: 'sine' },
        { value: 'square', label: 'square' },
      ],
    });
    expect(controlFor({ type: 'number', minimum: 1 }, 'number')).toMatchObject({ kind: 'number', min: 1 });
    expect(controlFor({ type: 'boolean' }, undefined).kind).toBe('toggle');
    expect(controlFor({ enum: ['a', 'b'] }, undefined).kind).toBe('select');
    expect(controlFor({ type: 'integer' }, undefined)).toMatchObject({ kind: 'number', step: 1 });
    expect(controlFor({ type: 'string' }, { kind: 'text' }).kind).toBe('text');
    expect(controlFor({ type: 'object' }, undefined).kind).toBe('json');
    // a slider without bounds is a number field; an unknown hint falls back to the schema
    expect(controlFor({ type: 'number' }, 'slider').kind).toBe('number');
    expect(controlFor({ type: 'number' }, 'fancy-dial').kind).toBe('number');
  });

  it('reads text as values', () => {
    expect(valueOf('number', '2.5', { type: 'number' })).toEqual({ value: 2.5 });
    expect(valueOf('number', 'abc', { type: 'number' })).toEqual({ error: "'abc' is not a number" });
    expect(valueOf('number', '', { type: 'number' })).toEqual({ clear: true });
    expect(valueOf('json', '{"a":1}', {})).toEqual({ value: { a: 1 } });
    expect(valueOf('json', '{a', {})).toMatchObject({ error: expect.stringContaining('not JSON') });
    expect(valueOf('text', '', { type: 'string' })).toEqual({ value: '' });
  });
});
