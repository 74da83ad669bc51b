// Test helper: the canvas mapper's inputs for a graph, nothing selected, no issues or marks
// unless a test says otherwise.
import type { ServiceGraph } from '../../../shared/types';
import type { FlowInputs } from './flow';
import type { CatalogIndex } from './spec';

export function flowInputs(graph: ServiceGraph, catalog: CatalogIndex, extra: Partial<FlowInputs> = {}): FlowInputs {
  return { graph, catalog, selectedNodes: new Set(), selectedEdges: new Set(), nodeIssues: new Map(), edgeIssues: new Map(), marks: new Map(), ...extra };
}
