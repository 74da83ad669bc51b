// The panels around the canvas: palette and inspector open or collapsed and their widths, the
// bottom panel's height (whether it is open is the view slice's bottomOpen). Remembered in
// localStorage, so the editor opens as it was left.
import type { StateCreator } from 'zustand';

export interface PanelLayout {
  paletteOpen: boolean;
  paletteWidth: number;
  inspectorOpen: boolean;
  inspectorWidth: number;
  bottomHeight: number;
  bottomOpen: boolean;
}

export const PANEL_LIMITS = { palette: [180, 480], inspector: [240, 640], bottom: [120, 640] } as const;
export const DEFAULT_PANELS: PanelLayout = { paletteOpen: true, paletteWidth: 248, inspectorOpen: true, inspectorWidth: 312, bottomHeight: 220, bottomOpen: true };
const KEY = 'f8.panels';

const clamp = (v: unknown, [lo, hi]: readonly [number, number], d: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : d);

export function loadPanels(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PanelLayout {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<PanelLayout> | null;
    if (!raw || typeof raw !== 'object') return { ...DEFAULT_PANELS };
    return {
      paletteOpen: raw.paletteOpen !== false,
      paletteWidth: clamp(raw.paletteWidth, PANEL_LIMITS.palette, DEFAULT_PANELS.paletteWidth),
      inspectorOpen: raw.inspectorOpen !== false,
      inspectorWidth: clamp(raw.inspectorWidth, PANEL_LIMITS.inspector, DEFAULT_PANELS.inspectorWidth),
      bottomHeight: clamp(raw.bottomHeight, PANEL_LIMITS.bottom, DEFAULT_PANELS.bottomHeight),
      bottomOpen: raw.bottomOpen !== false,
    };
  } catch {
    return { ...DEFAULT_PANELS };
  }
}

export function savePanels(p: PanelLayout, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(p));
  } catch {
    // storage full or refused: the layout is simply not remembered
  }
}

export interface PanelsSlice {
  panels: Omit<PanelLayout, 'bottomOpen'>;
  setPanels(patch: Partial<Omit<PanelLayout, 'bottomOpen'>>): void;
}

export const createPanelsSlice: StateCreator<PanelsSlice & { bottomOpen: boolean }, [], [], PanelsSlice> = (set, get) => {
  const { bottomOpen: _b, ...initial } = loadPanels();
  return {
    panels: initial,
    setPanels(patch) {
      const next = { ...get().panels, ...patch };
      next.paletteWidth = clamp(next.paletteWidth, PANEL_LIMITS.palette, DEFAULT_PANELS.paletteWidth);
      next.inspectorWidth = clamp(next.inspectorWidth, PANEL_LIMITS.inspector, DEFAULT_PANELS.inspectorWidth);
      next.bottomHeight = clamp(next.bottomHeight, PANEL_LIMITS.bottom, DEFAULT_PANELS.bottomHeight);
      set({ panels: next });
      savePanels({ ...next, bottomOpen: get().bottomOpen });
    },
  };
};
