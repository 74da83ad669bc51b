// What a node is called on the canvas: its label, else its class's label, else its id; and the
// class line under the title (with the instance id of a service node).
import type { F8Node } from '../../graph/flow';

export function labelOf(data: F8Node['data']): string {
  return data.node.label || data.spec.classLabel || data.node.nodeId;
}

export function classLine(data: F8Node['data']): string {
  return `${data.spec.cls}${data.node.kind === 'service' ? ` · ${data.node.nodeId}` : ''}`;
}
