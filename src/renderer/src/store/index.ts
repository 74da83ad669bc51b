// The editor's store: zustand slices composed into one (document + history, catalog, session,
// view/selection, analysis). Components read it through narrow selectors (context.tsx).
import { create } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './analysis';
import { createCatalogSlice, type CatalogSlice } from './catalog';
import { createLiveSlice, type LiveSlice } from './live';
import { createDocSlice, type DocSlice } from './doc';
import { createSessionSlice, type SessionSlice } from './session';
import { createViewSlice, type ViewSlice } from './view';
import { createPanelsSlice, type PanelsSlice } from './panels';

export type EditorState = DocSlice & CatalogSlice & SessionSlice & ViewSlice & AnalysisSlice & LiveSlice & PanelsSlice;

export function sessionClientId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage): string {
  const key = 'f8.clientId';
  let id = storage?.getItem(key) ?? null;
  if (!id) {
    id = `editor-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    storage?.setItem(key, id);
  }
  return id;
}

/** The whole store (an editor's, see editor.ts, or a test's own with its clientId). */
export function createEditorStore(clientId: string) {
  return create<EditorState>()((...a) => ({
    ...createDocSlice(...a),
    ...createCatalogSlice(...a),
    ...createSessionSlice(clientId)(...a),
    ...createViewSlice(...a),
    ...createAnalysisSlice(...a),
    ...createLiveSlice(...a),
    ...createPanelsSlice(...a),
  }));
}

/** One editor's store (see editor.ts: createEditor, and context.tsx: the hooks). */
export type EditorStore = ReturnType<typeof createEditorStore>;

export type { DocSlice, CatalogSlice, SessionSlice, ViewSlice, AnalysisSlice, LiveSlice, PanelsSlice };
