// What the palette offers (pure): services from the catalog, operators from engine manifests,
// the editor's own nodes; searched by label, class and tag.
import type { CatalogEntry, OperatorSpec } from '../../../shared/types';
import type { NodeTemplate } from '../graph/create';
import { EDITOR_CLASSES } from '../graph/editor-classes';
import { CONTAINER_CLASS } from '../../../shared/compiler';

export interface PaletteItem {
  template: NodeTemplate;
  label: string;
  cls: string;
  description?: string;
  tags: string[];
  group: 'Services' | 'Operators' | 'Editor';
}

/**
 * Services, then operators (an engine class's shipped ones, plus those its running instances
 * report in `catalog/operators`, e.g. plugins), then editor nodes.
 */
export function paletteItems(entries: readonly CatalogEntry[], running: { serviceClass: string; operators: OperatorSpec[] }[] = []): PaletteItem[] {
  const out: PaletteItem[] = [];
  for (const e of entries) {
    const m = e.manifest;
    out.push({
      template: { kind: 'service', serviceClass: m.serviceClass, label: m.label },
      label: m.label,
      cls: m.serviceClass,
      ...(m.description ? { description: m.description } : {}),
      tags: m.tags ?? [],
      group: 'Services',
    });
  }
  for (const e of entries) {
    const seen = new Set<string>();
    const fromInstances = running.filter((r) => r.serviceClass === e.serviceClass).flatMap((r) => r.operators);
    for (const op of [...(e.manifest.operators ?? []), ...fromInstances]) {
      if (seen.has(op.operatorClass)) continue;
      seen.add(op.operatorClass);
      out.push({
        template: { kind: 'operator', operatorClass: op.operatorClass, engineClass: e.serviceClass, label: op.label ?? op.operatorClass },
        label: op.label ?? op.operatorClass,
        cls: op.operatorClass,
        ...(op.description ? { description: op.description } : {}),
        tags: [...(op.tags ?? []), e.manifest.label],
        group: 'Operators',
      });
    }
  }
  // A container groups operators inside any engine (nested containers too).
  if (entries.some((e) => e.manifest.engine)) {
    out.push({
      template: { kind: 'operator', operatorClass: CONTAINER_CLASS, engineClass: '*', label: 'Container' },
      label: 'Container',
      cls: CONTAINER_CLASS,
      description: 'Groups operators inside an engine; drop operators into it. Its ports are the edges that cross it.',
      tags: ['group', 'container'],
      group: 'Operators',
    });
  }
  for (const [name, c] of Object.entries(EDITOR_CLASSES))
    out.push({ template: { kind: 'editor', editorClass: name, label: c.label }, label: c.label, cls: name, description: c.description, tags: ['editor'], group: 'Editor' });
  return out;
}

/** Items matching every word of the query (label or class by substring, a tag by whole word), best first: label prefix, then label, then class or tag. */
export function searchItems(items: readonly PaletteItem[], query: string): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...items];
  const scored: { item: PaletteItem; score: number }[] = [];
  for (const item of items) {
    const label = item.label.toLowerCase();
    const text = [label, item.cls.toLowerCase()];
    const tags = item.tags.map((t) => t.toLowerCase());
    // label and class match by substring; tags (categories) by whole word
    if (!words.every((w) => text.some((h) => h.includes(w)) || tags.includes(w))) continue;
    const w0 = words[0] as string;
    const score = label.startsWith(w0) ? 0 : label.split(/\W+/).some((p) => p.startsWith(w0)) ? 1 : label.includes(w0) ? 2 : 3;
    scored.push({ item, score });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.item);
}
