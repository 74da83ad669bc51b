// The measured height of each engine's and container's head block (flow units): operators go
// below it. Written by the container nodes, read by auto-layout and placement.
const heights = new Map<string, number>();

export function setHeadHeight(nodeId: string, height: number | null): void {
  if (height === null) heights.delete(nodeId);
  else heights.set(nodeId, height);
}

export function headHeight(nodeId: string): number | undefined {
  return heights.get(nodeId);
}
