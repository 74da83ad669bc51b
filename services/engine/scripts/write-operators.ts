// Writes services/engine/operators.json: the built-in operator specs, which the catalog reads
// beside service.json. `npm run generate` runs it (scripts/generate.ts); alone:
// npx tsx services/engine/scripts/write-operators.ts [--check]
// (operators.test.ts fails too when the file is out of date).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry } from '../src/runtime/index.js';
import { writeOrCheck } from '../../../scripts/write-or-check.js';

export const OPERATORS_FILE = fileURLToPath(new URL('../operators.json', import.meta.url));

/** The text of operators.json: the default registry's specs. */
export function generateOperatorsJson(): string {
  return `${JSON.stringify(createDefaultRegistry().specs(), null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const text = generateOperatorsJson();
  writeOrCheck(OPERATORS_FILE, text);
}
