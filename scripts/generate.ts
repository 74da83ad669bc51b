// `npm run generate`: writes every generated file from its source. `--check` writes nothing and
// exits 1 naming each stale file (npm test runs it first: scripts/test.mjs).
//   src/shared/generated/schema-types.ts      schemas/*.schema.json (scripts/gen-schema-types.ts)
//   src/renderer/src/generated/validators.js  schemas/*.schema.json (scripts/gen-validators.ts)
//   src/renderer/src/generated/validators.d.ts  and its types
//   schemas/openapi.yaml                      verbs, naming module, schemas (scripts/gen-openapi.ts)
//   services/engine/operators.json            the engine's operator list (services/engine/scripts/write-operators.ts)
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from './gen-schema-types.js';
import { generate as generateValidators, generateTypes as generateValidatorTypes, OUTPUT as VALIDATORS_FILE, OUTPUT_TYPES as VALIDATOR_TYPES_FILE } from './gen-validators.js';
import { generateOpenApi, OPENAPI_FILE } from './gen-openapi.js';
import { generateOperatorsJson, OPERATORS_FILE } from '../services/engine/scripts/write-operators.js';

const root = resolve(import.meta.dirname, '..');

/** Every generated file and how to make its text. */
export const GENERATED: readonly { file: string; make: () => string | Promise<string> }[] = [
  { file: SCHEMA_TYPES_FILE, make: generateSchemaTypes },
  { file: VALIDATORS_FILE, make: () => generateValidators() },
  { file: VALIDATOR_TYPES_FILE, make: () => generateValidatorTypes() },
  { file: OPENAPI_FILE, make: generateOpenApi },
  { file: OPERATORS_FILE, make: generateOperatorsJson },
];

/** The file's text, or undefined when it does not exist. */
function readIfAny(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The generated files whose text (as `read` gives it) differs from what their generator makes now. */
export async function staleFiles(read: (file: string) => string | undefined = readIfAny): Promise<string[]> {
  const stale: string[] = [];
  for (const { file, make } of GENERATED) {
    if (read(file) !== (await make())) stale.push(relative(root, file));
  }
  return stale;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (process.argv.includes('--check')) {
    const stale = await staleFiles();
    if (stale.length) {
      console.error(`stale generated files (run npm run generate):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`${GENERATED.length} generated files are up to date`);
  } else {
    for (const { file, make } of GENERATED) {
      writeFileSync(file, await make());
      console.log(`wrote ${relative(root, file)}`);
    }
  }
}
