// Writes services/engine/operators.json: the built-in operator specs, which the catalog reads
// beside service.json. Run after changing an operator: npx tsx services/engine/scripts/write-operators.ts
// (operators.test.ts fails when the file is out of date).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDefaultRegistry } from '../src/runtime/index.js';

const target = fileURLToPath(new URL('../operators.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(createDefaultRegistry().specs(), null, 2)}\n`);
console.log(`wrote ${target}`);
