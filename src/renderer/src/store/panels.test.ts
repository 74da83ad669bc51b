import { describe, expect, it } from 'vitest';
import { DEFAULT_PANELS, loadPanels, PANEL_LIMITS, savePanels } from './panels';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe('remembered panel layout', () => {
  it('comes back as it was saved', () => {
    const s = memory();
    const layout = { paletteOpen: false, paletteWidth: 300, inspectorOpen: true, inspectorWidth: 400, bottomHeight: 150, bottomOpen: false };
    savePanels(layout, s);
    expect(loadPanels(s)).toEqual(layout);
  });

  it('keeps widths within limits and survives garbage', () => {
    const s = memory();
    s.setItem('f8.panels', JSON.stringify({ paletteWidth: 5, inspectorWidth: 99999, bottomHeight: 'x' }));
    const l = loadPanels(s);
    expect(l.paletteWidth).toBe(PANEL_LIMITS.palette[0]);
    expect(l.inspectorWidth).toBe(PANEL_LIMITS.inspector[1]);
    expect(l.bottomHeight).toBe(DEFAULT_PANELS.bottomHeight);
    s.setItem('f8.panels', '{not json');
    expect(loadPanels(s)).toEqual(DEFAULT_PANELS);
  });
});
