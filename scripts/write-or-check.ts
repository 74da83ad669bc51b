// The generators' command line: write the generated file, or with --check exit 1 when the file
// on disk differs from what would be generated (it is stale).
import { readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(file: string, text: string): void {
  if (process.argv.includes('--check')) {
    if (readFileSync(file, 'utf8') !== text) {
      console.error(`${file} is stale: run npm run generate`);
      process.exit(1);
    }
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
