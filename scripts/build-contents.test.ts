// What `npm run build:node` (tsconfig.build.json) compiles into dist: production code only. No
// test, test helper (`testing.ts`, test/support) or fixture is a root file or reached by an
// import from one; and src/shared stays pure of test libraries and of the process environment.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The project files tsc compiles for tsconfig.build.json (roots and everything they import). */
function buildFiles(): string[] {
  const configPath = resolve(root, 'tsconfig.build.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile.bind(ts.sys));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return program
    .getSourceFiles()
    .map((f) => relative(root, f.fileName))
    .filter((f) => !f.startsWith('..') && !f.includes('node_modules'));
}

const isTestOnly = (file: string) => /\.test\.ts$|(^|\/)testing\.ts$|__fixtures__\/|^test\//.test(file);

function filesUnder(dir: string): string[] {
  return readdirSync(resolve(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

describe('the build (dist)', () => {
  it('compiles no test, test helper or fixture', () => {
    const files = buildFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter(isTestOnly)).toEqual([]);
    expect(isTestOnly('src/main/nats/testing.ts') && isTestOnly('test/support/fuzz.ts') && isTestOnly('src/shared/x.test.ts')).toBe(true);
  }, 60_000);

  it('src/shared names neither a test library nor the process environment', () => {
    const impure = filesUnder('src/shared')
      .filter((f) => !isTestOnly(f))
      .filter((f) => /from '(fast-check|vitest)'|\bprocess\.(env|argv|exit)/.test(readFileSync(resolve(root, f), 'utf8')));
    expect(impure).toEqual([]);
  });
});
