// The connection checker held to a checked-in matrix over the repo's whole catalog (every
// service manifest and the engine's operators.json): any change to the checker or the catalog
// shows up as a diff of __fixtures__/connection-matrix.json, to be reviewed and regenerated.
// (Tests only: node:fs reads the files.)
// eslint-disable-next-line no-restricted-imports
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { etagOf } from '../hash.js';
import type { CatalogEntry, Manifest, OperatorSpec } from '../types.js';
import { connectionMatrix, MATRIX_COMMAND, type ConnectionMatrix } from './__fixtures__/connection-matrix.js';
import { compileCatalogFrom } from './index.js';

const root = new URL('../../../', import.meta.url);
const matrixFile = new URL('./__fixtures__/connection-matrix.json', import.meta.url);

function loadCatalog(): CatalogEntry[] {
  const servicesDir = new URL('services/', root);
  const entries: CatalogEntry[] = [];
  for (const dir of readdirSync(servicesDir).sort()) {
    const manifestUrl = new URL(`${dir}/service.json`, servicesDir);
    if (!existsSync(manifestUrl)) continue;
    const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as Manifest;
    const operatorsUrl = new URL(`${dir}/operators.json`, servicesDir);
    if (manifest.engine && !manifest.operators && existsSync(operatorsUrl)) manifest.operators = JSON.parse(readFileSync(operatorsUrl, 'utf8')) as OperatorSpec[];
    entries.push({ serviceClass: manifest.serviceClass, manifest, manifestHash: etagOf(manifest), path: manifestUrl.pathname, dir: new URL(`${dir}/`, servicesDir).pathname });
  }
  return entries;
}

const actual = connectionMatrix(compileCatalogFrom(loadCatalog()));
if (process.env.F8_WRITE_MATRIX) writeFileSync(matrixFile, `${JSON.stringify(actual, null, 2)}\n`);
const expected = JSON.parse(readFileSync(matrixFile, 'utf8')) as ConnectionMatrix;

const row = (from: string) => {
  const r = actual.outputs.find((o) => o.from === from);
  if (!r) throw new Error(`no output ${from} in the matrix`);
  return r;
};
const NUMERIC = new Set(['number', 'integer', 'number | null', 'integer | null']);

describe('connection matrix over the whole catalog', () => {
  it('equals the checked-in matrix', () => {
    expect(actual, `the connection matrix changed: review it, then regenerate with\n  ${MATRIX_COMMAND}\nand review the diff of src/shared/compiler/__fixtures__/connection-matrix.json`).toEqual(
      expected,
    );
  });

  it('makes sense: the operators chain (smooth -> add -> multiply), every numeric output feeds every number input', () => {
    expect(row('operator smooth:value').allowed).toContain('operator math.add:a');
    expect(row('operator math.add:value').allowed).toContain('operator math.multiply:a');
    const numberInputs = Object.entries(actual.inputs)
      .filter(([, s]) => s === 'number')
      .map(([id]) => id);
    expect(numberInputs.length).toBeGreaterThan(10);
    const numericOutputs = actual.outputs.filter((o) => NUMERIC.has(o.schema));
    expect(numericOutputs.length).toBeGreaterThan(10);
    for (const o of numericOutputs) for (const i of numberInputs) expect(o.allowed, `${o.from} -> ${i}`).toContain(i);
  });

  it('makes sense: anything feeds an untyped input (logger, recorder, print)', () => {
    const anyInputs = Object.entries(actual.inputs)
      .filter(([, s]) => s === 'any')
      .map(([id]) => id);
    expect(anyInputs).toEqual(expect.arrayContaining(['service f8.logger:value', 'service f8.recorder:value', 'operator print:value']));
    for (const o of actual.outputs) for (const i of anyInputs) expect(o.allowed, `${o.from} -> ${i}`).toContain(i);
  });

  it('every refusal names a fix; a boolean into a number input points at an operator that converts', () => {
    const refusals = actual.outputs.flatMap((o) => Object.entries(o.refused).map(([to, reason]) => ({ from: o.from, to, reason })));
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) expect(r.reason, `${r.from} -> ${r.to}`).toMatch(/; fix: \S/);
    const boolToNumber = row('operator threshold:active').refused['operator smooth:value'];
    expect(boolToNumber).toMatch(/boolean/);
    expect(boolToNumber).toMatch(/fix: put an Expression operator \(expression\) between them/);
  });
});
