// The layer rule of ARCHITECTURE.md is enforced by eslint; these cases prove it fails when a
// layer reaches where it must not (and passes for allowed imports).
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it('src/shared may not import node:fs (or any Node builtin)', async () => {
    const msgs = await lint('src/shared/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(msgs.some((m) => m.startsWith('no-restricted-imports') && m.includes('node:fs'))).toBe(true);
    const bare = await lint('src/shared/fixture.ts', "import path from 'path';\nexport const x = path;\n");
    expect(bare.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });
  it('src/shared may not import the NATS client or a project layer above it', async () => {
    expect((await lint('src/shared/fixture.ts', "import { connect } from '@nats-io/transport-node';\nexport const x = connect;\n")).some((m) => m.includes('no NATS client'))).toBe(true);
    const up = await lint('src/shared/fixture.ts', "import { Master } from '../main/master/master.js';\nexport const x = Master;\n");
    expect(up.some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
  });
  it('master sub-folders may not import each other', async () => {
    const msgs = await lint('src/main/master/catalog/fixture.ts', "import { Lease } from '../lease/lease.js';\nexport const x = Lease;\n");
    expect(msgs.some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
  });
  it('the renderer may not import node:* or main', async () => {
    expect((await lint('src/renderer/src/fixture.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect((await lint('src/renderer/src/fixture.ts', "import { Master } from '../../main/master/master.js';\nexport const x = Master;\n")).some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
  });
  it('allowed imports pass', async () => {
    expect(await lint('src/shared/fixture.ts', "import { etagOf } from './hash.js';\nexport const x = etagOf;\n")).toEqual([]);
    expect(await lint('src/main/master/catalog/fixture.ts', "import { readFile } from 'node:fs/promises';\nimport { etagOf } from '../../../shared/hash.js';\nexport const x = [readFile, etagOf];\n")).toEqual([]);
  });
});
