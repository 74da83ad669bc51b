// The repo's real manifests and examples/demo.json. (Tests only: node:fs reads the files.)
// eslint-disable-next-line no-restricted-imports
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, compileCatalogFrom } from './index.js';
import { etagOf } from '../hash.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { deriveBusId, subjects } from '../naming.js';
import { validate } from '../schemas.js';
import type { CatalogEntry, Manifest, OperatorSpec } from '../types.js';

const root = new URL('../../../', import.meta.url);

function loadCatalog(): CatalogEntry[] {
  const servicesDir = new URL('services/', root);
  const entries: CatalogEntry[] = [];
  for (const dir of readdirSync(servicesDir).sort()) {
    const manifestUrl = new URL(`${dir}/service.json`, servicesDir);
    if (!existsSync(manifestUrl)) continue;
    const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as Manifest;
    const operatorsUrl = new URL(`${dir}/operators.json`, servicesDir);
    if (manifest.engine && !manifest.operators && existsSync(operatorsUrl)) manifest.operators = JSON.parse(readFileSync(operatorsUrl, 'utf8')) as OperatorSpec[];
    const checked = validate('manifest', manifest);
    expect(checked.ok, checked.ok ? '' : `${dir}: ${checked.message}`).toBe(true);
    entries.push({ serviceClass: manifest.serviceClass, manifest, manifestHash: etagOf(manifest), path: manifestUrl.pathname, dir: new URL(`${dir}/`, servicesDir).pathname });
  }
  return entries;
}

const demo = JSON.parse(readFileSync(new URL('examples/demo.json', root), 'utf8')) as unknown;

describe('examples/demo.json with the real manifests', () => {
  const catalog = compileCatalogFrom(loadCatalog());

  it('has the engine with its shipped operators', () => {
    expect(Object.keys(catalog.services)).toEqual(expect.arrayContaining(['f8.engine', 'f8.logger', 'f8.recorder', 'f8.signal']));
    expect(catalog.services['f8.engine']?.operators?.map((o) => o.operatorClass)).toEqual(expect.arrayContaining(['smooth', 'threshold', 'tick', 'expression']));
  });

  it('compiles with no errors', () => {
    const c = compile(demo, catalog);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(c.diagnostics).toEqual([]);
    expect(Object.keys(c.subgraphs)).toEqual(['engine', 'logger', 'recorder', 'signal']);
    for (const sg of Object.values(c.subgraphs)) expect(validate('subgraph', { ...sg, deployRevision: 1 }).ok).toBe(true);
    expect(c.plan.map((p) => p.action)).toEqual(['start', 'start', 'start', 'start']);

    const engine = c.subgraphs.engine!;
    expect(engine.nodes.map((n) => n.nodeId)).toEqual(['engine', 'expression', 'smooth', 'threshold', 'tick']);
    expect(engine.edges.map((e) => e.edgeId)).toEqual(['tick-threshold']);
    expect(engine.state).toEqual({ engine: { tickMs: 50 }, expression: { expr: 'a * 10' }, smooth: { alpha: 0.2 }, threshold: { threshold: 0.5 } });
    // signal.value fans out on one subject
    const subject = subjects.bus(deriveBusId('signal', 'signal', 'value'));
    const signalOut = c.subgraphs.signal!.halfEdges.filter((h) => h.kind === 'data');
    expect(signalOut.map((h) => h.edgeId)).toEqual(['signal-expression', 'signal-smooth', 'signal-threshold']);
    expect(signalOut.every((h) => h.subject === subject && h.direction === 'out' && h.peerServiceId === 'engine')).toBe(true);
    // the cross-instance state edge: the engine watches the signal's offset
    expect(engine.halfEdges.find((h) => h.edgeId === 'offset-threshold')).toMatchObject({
      kind: 'state',
      direction: 'in',
      bucket: 'kv_f8_signal',
      key: 'nodes.signal.state.offset',
      local: { nodeId: 'threshold', port: 'threshold' },
    });
    expect(c.subgraphs.recorder!.halfEdges).toEqual([expect.objectContaining({ edgeId: 'expression-recorder', direction: 'in', strategy: 'queue', queueSize: 256 })]);
  });
});

describe("etags written from the subgraphs' own canonical JSON", () => {
  it('equal etagOf of each subgraph body and of {subgraphs, editor}, with the pure and with another SHA-256', () => {
    const catalog = compileCatalogFrom(loadCatalog());
    const withEditor = JSON.parse(JSON.stringify(demo)) as { nodes: unknown[]; edges: unknown[] };
    withEditor.nodes.push({ nodeId: 'plotx', kind: 'editor', editorClass: 'plot' });
    for (const g of [demo, withEditor]) {
      const c = compile(g, catalog);
      expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const sg of Object.values(c.subgraphs)) {
        const body: Record<string, unknown> = { ...sg };
        delete body.etag;
        expect(sg.etag).toBe(etagOf(body));
      }
      expect(c.etag).toBe(etagOf({ subgraphs: c.subgraphs, editor: c.editor }));
      // a handed-in hash (here: the pure one behind a wrapper) gives the same bytes
      const wrapped = compile(g, catalog, null, { sha256: (t) => sha256(utf8ToBytes(t)) });
      expect(wrapped.etag).toBe(c.etag);
    }
  });
});
