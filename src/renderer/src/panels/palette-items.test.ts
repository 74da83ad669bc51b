import { describe, expect, it } from 'vitest';
import { searchItems, type PaletteItem } from './palette-items';

const item = (label: string, cls: string, tags: string[] = [], group: PaletteItem['group'] = 'Services'): PaletteItem => ({
  template: { kind: 'service', serviceClass: cls, label },
  label,
  cls,
  tags,
  group,
});
const items = [item('Signal generator', 'f8.signal', ['source']), item('Smooth (EMA)', 'smooth', ['signal'], 'Operators'), item('Logger', 'f8.logger', ['sink', 'debug']), item('Design', 'x.design')];

describe('palette search', () => {
  it('label and class by substring, tags by whole word, label prefix first', () => {
    expect(searchItems(items, 'sig').map((i) => i.label)).toEqual(['Signal generator', 'Design']);
    expect(searchItems(items, 'signal').map((i) => i.label)).toEqual(['Signal generator', 'Smooth (EMA)']);
    expect(searchItems(items, 'debug').map((i) => i.label)).toEqual(['Logger']);
    expect(searchItems(items, 'f8 log').map((i) => i.label)).toEqual(['Logger']);
    expect(searchItems(items, '')).toHaveLength(4);
  });
});
