// Every generated file is what `npm run generate` makes from its source now (scripts/generate.ts),
// and the check notices a file that differs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GENERATED, staleFiles } from './generate.js';
import { SCHEMA_TYPES_FILE } from './gen-schema-types.js';

describe('npm run generate', () => {
  it('covers the schema types, the validators and their types, openapi.yaml and operators.json, all up to date', async () => {
    expect(GENERATED.map((g) => g.file.split('/').pop())).toEqual(['schema-types.ts', 'validators.js', 'validators.d.ts', 'openapi.yaml', 'operators.json']);
    expect(await staleFiles()).toEqual([]);
  }, 60_000);

  it('names a generated file edited by hand, or missing, as stale', async () => {
    const edited = (file: string) => readFileSync(file, 'utf8') + (file === SCHEMA_TYPES_FILE ? '// edited\n' : '');
    expect(await staleFiles(edited)).toEqual(['src/shared/generated/schema-types.ts']);
    expect(await staleFiles(() => undefined)).toHaveLength(GENERATED.length);
  }, 60_000);
});
