// Graph files: `<name>.f8graph` (JSON, f8studio-graph/1, positions included). Reading checks
// the JSON and the schema and says what is wrong and where; nothing is replaced on error.
import { jsonDepthProblem } from '../../../shared/limits';
import { validate } from '../../../shared/schemas';
import type { ServiceGraph } from '../../../shared/types';

export const GRAPH_EXTENSION = '.f8graph';

export function parseGraphFile(name: string, text: string): { graph: ServiceGraph } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { error: `${name} is not JSON: ${(err as Error).message}. The current graph is unchanged.` };
  }
  const deep = jsonDepthProblem(raw);
  if (deep) return { error: `${name} ${deep}. The current graph is unchanged.` };
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as { schemaVersion?: unknown }).schemaVersion !== 'f8studio-graph/1') {
    const v = (raw as { schemaVersion?: unknown }).schemaVersion;
    return { error: `${name} is not an f8studio graph: schemaVersion is ${v === undefined ? 'missing' : JSON.stringify(v)} (expected "f8studio-graph/1"). The current graph is unchanged.` };
  }
  const r = validate<ServiceGraph>('service-graph', raw);
  if (!r.ok)
    return {
      error: `${name} is not a valid graph: ${r.message.replace(/\/nodes\/(\d+)/g, (_m, i: string) => `node ${Number(i) + 1} (/nodes/${i})`).replace(/\/edges\/(\d+)/g, (_m, i: string) => `edge ${Number(i) + 1} (/edges/${i})`)}. The current graph is unchanged.`,
    };
  return { graph: r.value };
}

export function graphFileText(graph: ServiceGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** `demo.json` -> `demo.f8graph`; a graph name -> a file name. */
export function graphFileName(nameOrFile: string): string {
  const base =
    nameOrFile
      .replace(/\.(f8graph|json)$/i, '')
      .replace(/[\\/:*?"<>|]+/g, '-')
      .trim() || 'untitled';
  return `${base}${GRAPH_EXTENSION}`;
}
