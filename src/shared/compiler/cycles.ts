// Cycle detection (pure, deterministic): strongly connected components by Tarjan's algorithm,
// iterative so deep graphs cannot overflow the stack.

export interface Arc {
  from: string;
  to: string;
  id: string;
}

export interface Cycle {
  /** The vertices of the cycle, sorted. */
  vertices: string[];
  /** The arcs inside the cycle, sorted by id. */
  arcs: string[];
}

/** Every cycle as a strongly connected component with more than one vertex, or a self-loop. Sorted by first vertex. */
export function findCycles(arcs: readonly Arc[]): Cycle[] {
  const adjacency = new Map<string, string[]>();
  const vertices = new Set<string>();
  for (const a of [...arcs].sort((x, y) => cmp(x.id, y.id))) {
    vertices.add(a.from);
    vertices.add(a.to);
    const list = adjacency.get(a.from) ?? [];
    list.push(a.to);
    adjacency.set(a.from, list);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of [...vertices].sort(cmp)) {
    if (index.has(root)) continue;
    const work: { v: string; next: number }[] = [{ v: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { v: string; next: number };
      const succ = adjacency.get(frame.v) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next] as string;
        frame.next++;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter);
          counter++;
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v) as number, low.get(frame.v) as number));
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        for (;;) {
          const w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
          if (w === frame.v) break;
        }
        components.push(component);
      }
    }
  }

  const cycles: Cycle[] = [];
  for (const component of components) {
    const members = new Set(component);
    const inside = arcs.filter((a) => members.has(a.from) && members.has(a.to));
    if (component.length === 1 && inside.length === 0) continue;
    cycles.push({ vertices: [...component].sort(cmp), arcs: [...new Set(inside.map((a) => a.id))].sort(cmp) });
  }
  return cycles.sort((a, b) => cmp(a.vertices[0] ?? '', b.vertices[0] ?? ''));
}

/** Plain code-unit order (never locale dependent). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
