// The service catalog as the master publishes it (kv_f8_master_services, watched live), and
// what the editor derives from it: the compiler's catalog and the spec index.
import type { StateCreator } from 'zustand';
import { compileCatalogFrom, type CompileCatalog } from '../../../shared/compiler';
import type { CatalogEntry, OperatorSpec } from '../../../shared/types';
import { catalogIndex, type CatalogIndex } from '../graph/spec';

export interface CatalogSlice {
  entries: CatalogEntry[];
  catalogIndex: CatalogIndex;
  compileCatalog: CompileCatalog;
  /** True once the first full listing arrived. */
  catalogLoaded: boolean;
  /** Running engines' `catalog/operators` (shipped plus plugins), by engine instanceId. */
  engineOperators: Record<string, OperatorSpec[]>;
  /** The same, with each engine's class (for the palette). */
  runningEngines: { instanceId: string; serviceClass: string; operators: OperatorSpec[] }[];
  setCatalog(entries: CatalogEntry[]): void;
  setEngineOperators(instanceId: string, serviceClass: string, specs: OperatorSpec[] | null): void;
  /** The master's instances-per-graph limit (from its ping reply). */
  maxInstances: number | undefined;
  setMaxInstances(n: number | undefined): void;
}

function derive(entries: CatalogEntry[], engineOperators: Record<string, OperatorSpec[]>, maxInstances: number | undefined): Pick<CatalogSlice, 'catalogIndex' | 'compileCatalog'> {
  return { catalogIndex: catalogIndex(entries, engineOperators), compileCatalog: { ...compileCatalogFrom(entries), engineOperators, ...(maxInstances !== undefined ? { maxInstances } : {}) } };
}

export const createCatalogSlice: StateCreator<CatalogSlice, [], [], CatalogSlice> = (set, get) => ({
  entries: [],
  ...derive([], {}, undefined),
  maxInstances: undefined,
  setMaxInstances(n) {
    if (n === get().maxInstances) return;
    set({ maxInstances: n, ...derive(get().entries, get().engineOperators, n) });
  },
  catalogLoaded: false,
  engineOperators: {},
  runningEngines: [],
  setCatalog(entries) {
    const sorted = [...entries].sort((a, b) => a.serviceClass.localeCompare(b.serviceClass));
    set({ entries: sorted, ...derive(sorted, get().engineOperators, get().maxInstances), catalogLoaded: true });
  },
  setEngineOperators(instanceId, serviceClass, specs) {
    const running = get().runningEngines.filter((r) => r.instanceId !== instanceId);
    if (specs && specs.length) running.push({ instanceId, serviceClass, operators: specs });
    running.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    if (JSON.stringify(running) === JSON.stringify(get().runningEngines)) return;
    const next = Object.fromEntries(running.map((r) => [r.instanceId, r.operators]));
    set({ runningEngines: running, engineOperators: next, ...derive(get().entries, next, get().maxInstances) });
  },
});
