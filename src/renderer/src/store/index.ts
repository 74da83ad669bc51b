// The editor's store: zustand slices composed into one (document + history, catalog, session,
// view/selection, analysis). Components read it through narrow selectors.
import { create } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './analysis';
import { createCatalogSlice, type CatalogSlice } from './catalog';
import { createDocSlice, type DocSlice } from './doc';
import { createSessionSlice, type SessionSlice } from './session';
import { createViewSlice, type ViewSlice } from './view';

export type EditorState = DocSlice & CatalogSlice & SessionSlice & ViewSlice & AnalysisSlice;

export function sessionClientId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage): string {
  const key = 'f8.clientId';
  let id = storage?.getItem(key) ?? null;
  if (!id) {
    id = `editor-${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    storage?.setItem(key, id);
  }
  return id;
}

export const useEditor = create<EditorState>()((...a) => ({
  ...createDocSlice(...a),
  ...createCatalogSlice(...a),
  ...createSessionSlice(sessionClientId())(...a),
  ...createViewSlice(...a),
  ...createAnalysisSlice(...a),
}));

export type { DocSlice, CatalogSlice, SessionSlice, ViewSlice, AnalysisSlice };
