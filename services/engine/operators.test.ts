// Keeps operators.json and service.json honest: operators.json must equal the built-in specs
// (regenerate with `npx tsx services/engine/scripts/write-operators.ts`) and every spec and the
// manifest must pass the project's JSON Schemas.
import { describe, expect, it } from 'vitest';
// This test checks the files against the schemas of the whole project, so it reaches into
// src/shared on purpose (the runtime itself never does).
import { validate, validateValue } from '../../src/shared/schemas.js';
import operatorsJson from './operators.json' with { type: 'json' };
import manifest from './service.json' with { type: 'json' };
import { createDefaultRegistry } from './src/runtime/index.js';

describe('engine catalog files', () => {
  it('operators.json equals the built-in specs', () => {
    expect(operatorsJson).toEqual(createDefaultRegistry().specs());
  });

  it.each(
    createDefaultRegistry()
      .specs()
      .map((s) => [s.operatorClass, s] as const),
  )('%s passes operator-spec', (_cls, spec) => {
    const r = validate('operator-spec', spec);
    expect(r.ok ? 'ok' : r.message).toBe('ok');
  });

  it('state defaults satisfy their own value schemas', () => {
    let checked = 0;
    for (const spec of createDefaultRegistry().specs()) {
      for (const f of spec.stateFields ?? []) {
        if (f.default === undefined) continue;
        const r = validateValue(f.valueSchema, f.default);
        expect(r.ok ? 'ok' : `${spec.operatorClass}.${f.name}: ${r.message}`).toBe('ok');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('service.json is a valid engine manifest', () => {
    const r = validate('manifest', manifest);
    expect(r.ok ? 'ok' : r.message).toBe('ok');
    expect(manifest).toMatchObject({ serviceClass: 'f8.engine', engine: true, version: '0.1.0' });
    expect(manifest).not.toHaveProperty('operators');
  });
});
