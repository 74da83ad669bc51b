// Service manifests on disk: finding service.json files under a services folder, reading and
// validating one (with the operators.json beside an engine's), the rules a schema cannot state,
// and a one-off scan of folders without a catalog (what `f8 validate` compiles against).
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { schemaProblem } from '../../../shared/schema-safety.js';
import { jsonDepthProblem, MAX_MANIFEST_BYTES } from '../../../shared/limits.js';
import { validate, validateValue } from '../../../shared/schemas.js';
import { etagOf } from '../../../shared/hash.js';
import type { CatalogEntry, Manifest, OperatorSpec } from '../../../shared/types.js';

export const MANIFEST_FILE = 'service.json';
export const OPERATORS_FILE = 'operators.json';
/** How deep under a services folder manifests are looked for. */
export const MAX_DEPTH = 3;

export interface CatalogProblem {
  path: string;
  message: string;
}

type LoadResult = { ok: true; entry: CatalogEntry } | { ok: false; message: string; serviceClass?: string };

/** Reads and validates one manifest file (and the operators.json beside it). */
export async function loadManifest(path: string): Promise<LoadResult> {
  let text: string;
  try {
    const size = (await stat(path)).size;
    // the catalog reply carries every manifest: it must stay well under the NATS max_payload
    if (size > MAX_MANIFEST_BYTES) return { ok: false, message: `the manifest is ${size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit (keep large data out of service.json)` };
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read: ${(err as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${(err as Error).message}` };
  }
  const deep = jsonDepthProblem(raw);
  if (deep) return { ok: false, message: `the manifest ${deep}` };
  const claimed = raw && typeof raw === 'object' && typeof (raw as { serviceClass?: unknown }).serviceClass === 'string' ? (raw as { serviceClass: string }).serviceClass : undefined;
  const fail = (message: string): LoadResult => (claimed === undefined ? { ok: false, message } : { ok: false, message, serviceClass: claimed });
  const result = validate<Manifest>('manifest', raw);
  if (!result.ok) return fail(result.message);
  const manifest = result.value;
  const dir = dirname(path);
  if (manifest.operators === undefined && manifest.engine) {
    const opsPath = join(dir, OPERATORS_FILE);
    const opsSize = await stat(opsPath)
      .then((s) => s.size)
      .catch(() => 0);
    if (opsSize > MAX_MANIFEST_BYTES) return fail(`${opsPath}: ${opsSize} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
    const opsText = await readFile(opsPath, 'utf8').catch(() => null);
    if (opsText !== null) {
      let ops: unknown;
      try {
        ops = JSON.parse(opsText);
      } catch (err) {
        return fail(`${opsPath}: not valid JSON: ${(err as Error).message}`);
      }
      const opsDeep = jsonDepthProblem(ops);
      if (opsDeep) return fail(`${opsPath}: ${opsDeep}`);
      if (!Array.isArray(ops)) return fail(`${opsPath}: must be a JSON array of operator specs`);
      for (const [i, op] of ops.entries()) {
        const r = validate<OperatorSpec>('operator-spec', op);
        if (!r.ok) return fail(`${opsPath} [${i}]: ${r.message}`);
      }
      manifest.operators = ops as OperatorSpec[];
    }
  }
  const semantic = checkManifest(manifest);
  if (semantic) return fail(semantic);
  return { ok: true, entry: { serviceClass: manifest.serviceClass, manifest, manifestHash: etagOf(manifest), path, dir } };
}

type Named = Pick<Manifest, 'dataInPorts' | 'dataOutPorts' | 'stateFields' | 'commands'>;
/** The lists whose names must be unique within a service or an operator. */
const NAMED: [string, (s: Named) => string[]][] = [
  ['data in port', (s) => (s.dataInPorts ?? []).map((p) => p.name)],
  ['data out port', (s) => (s.dataOutPorts ?? []).map((p) => p.name)],
  ['state field', (s) => (s.stateFields ?? []).map((f) => f.name)],
  ['command', (s) => (s.commands ?? []).map((c) => c.name)],
];

/** Rules a schema cannot state: unique names, defaults that satisfy their value schema. */
export function checkManifest(m: Manifest): string | null {
  const dupe = (what: string, names: string[]): string | null => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) return `duplicate ${what} '${n}'`;
      seen.add(n);
    }
    return null;
  };
  const specs: { where: string; spec: Named }[] = [{ where: '', spec: m }];
  const opDupe = dupe(
    'operatorClass',
    (m.operators ?? []).map((o) => o.operatorClass),
  );
  if (opDupe) return `/operators: ${opDupe}`;
  for (const [i, op] of (m.operators ?? []).entries()) specs.push({ where: `/operators/${i} (${op.operatorClass})`, spec: op });
  for (const { where, spec } of specs) {
    const problem = NAMED.map(([what, names]) => dupe(what, names(spec))).find(Boolean);
    if (problem) return `${where || '(root)'}: ${problem}`;
    // untrusted schemas: refused before anything compiles them (size, depth, ReDoS-prone patterns)
    const schemas: [string, unknown][] = [
      ...(spec.dataInPorts ?? []).map((p, i) => [`${where}/dataInPorts/${i}/valueSchema (${p.name})`, p.valueSchema] as [string, unknown]),
      ...(spec.dataOutPorts ?? []).map((p, i) => [`${where}/dataOutPorts/${i}/valueSchema (${p.name})`, p.valueSchema] as [string, unknown]),
      ...(spec.stateFields ?? []).map((f, i) => [`${where}/stateFields/${i}/valueSchema (${f.name})`, f.valueSchema] as [string, unknown]),
      ...(spec.commands ?? []).map((c, i) => [`${where}/commands/${i}/params (${c.name})`, c.params] as [string, unknown]),
    ];
    for (const [at, schema] of schemas) {
      const unsafe = schema === undefined ? null : schemaProblem(schema);
      if (unsafe) return `${at}: ${unsafe}`;
    }
    for (const [i, field] of (spec.stateFields ?? []).entries()) {
      if (field.default === undefined) continue;
      const r = validateValue(field.valueSchema, field.default);
      if (!r.ok) return `${where}/stateFields/${i}/default (${field.name}): ${r.message}`;
    }
  }
  return null;
}

export async function findManifests(dir: string, depth = 0): Promise<string[]> {
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  const sorted = names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of sorted) {
    if (d.isFile() && d.name === MANIFEST_FILE) out.push(join(dir, d.name));
  }
  if (depth < MAX_DEPTH) {
    for (const d of sorted) {
      if (d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules') out.push(...(await findManifests(join(dir, d.name), depth + 1)));
    }
  }
  return out;
}

/** A one-off scan (no KV, no watching): what `f8 validate` compiles against. */
export async function scanManifests(dirs: string[]): Promise<{ entries: CatalogEntry[]; problems: CatalogProblem[] }> {
  const byClass = new Map<string, CatalogEntry>();
  const problems: CatalogProblem[] = [];
  for (const dir of [...new Set(dirs.map((d) => resolve(d)))]) {
    for (const path of await findManifests(dir)) {
      const r = await loadManifest(path);
      if (!r.ok) {
        problems.push({ path, message: r.message });
        continue;
      }
      const prior = byClass.get(r.entry.serviceClass);
      if (prior) problems.push({ path, message: `serviceClass '${r.entry.serviceClass}' is declared by both ${prior.path} and ${path}; using ${prior.path}` });
      else byClass.set(r.entry.serviceClass, r.entry);
    }
  }
  return { entries: [...byClass.values()].sort((a, b) => (a.serviceClass < b.serviceClass ? -1 : 1)), problems };
}
