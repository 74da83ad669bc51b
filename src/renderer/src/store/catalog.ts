// The service catalog as the master publishes it (kv_f8_master_services, watched live), and
// what the editor derives from it: the compiler's catalog and the spec index.
import type { StateCreator } from 'zustand';
import { compileCatalogFrom, type CompileCatalog } from '../../../shared/compiler';
import type { CatalogEntry } from '../../../shared/types';
import { catalogIndex, type CatalogIndex } from '../graph/spec';

export interface CatalogSlice {
  entries: CatalogEntry[];
  catalogIndex: CatalogIndex;
  compileCatalog: CompileCatalog;
  /** True once the first full listing arrived. */
  catalogLoaded: boolean;
  setCatalog(entries: CatalogEntry[]): void;
}

export const createCatalogSlice: StateCreator<CatalogSlice, [], [], CatalogSlice> = (set) => ({
  entries: [],
  catalogIndex: catalogIndex([]),
  compileCatalog: compileCatalogFrom([]),
  catalogLoaded: false,
  setCatalog(entries) {
    const sorted = [...entries].sort((a, b) => a.serviceClass.localeCompare(b.serviceClass));
    set({ entries: sorted, catalogIndex: catalogIndex(sorted), compileCatalog: compileCatalogFrom(sorted), catalogLoaded: true });
  },
});
