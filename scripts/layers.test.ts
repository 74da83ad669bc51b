// The layer rule of docs/architecture.md is enforced by eslint; these cases prove it fails when a
// layer reaches where it must not (and passes for allowed imports).
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// the fixtures are in no TypeScript project: the type-aware rules are off for them
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { project: null } }, rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' } },
});

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
    expect(
      (await lint('src/renderer/src/fixture.ts', "import { Master } from '../../main/master/master.js';\nexport const x = Master;\n")).some((m) => m.startsWith('import/no-restricted-paths')),
    ).toBe(true);
  });
  it('src/bus may import only src/shared and the NATS packages', async () => {
    expect((await lint('src/bus/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect((await lint('src/bus/fixture.ts', "import { Master } from '../main/master/master.js';\nexport const x = Master;\n")).some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
    expect((await lint('src/bus/fixture.ts', "import { DataBus } from '../sdk/bus.js';\nexport const x = DataBus;\n")).some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
    expect((await lint('src/bus/fixture.ts', "import { create } from 'zustand';\nexport const x = create;\n")).some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(await lint('src/bus/fixture.ts', "import { Kvm } from '@nats-io/kv';\nimport { F8Error } from '../shared/errors.js';\nexport const x = [Kvm, F8Error];\n")).toEqual([]);
  });
  it('src/shared may not import src/bus; main, sdk, cli and the renderer may', async () => {
    expect((await lint('src/shared/fixture.ts', "import { masterClient } from '../bus/index.js';\nexport const x = masterClient;\n")).some((m) => m.startsWith('import/no-restricted-paths'))).toBe(
      true,
    );
    for (const file of ['src/main/master/fixture.ts', 'src/sdk/fixture.ts', 'src/cli/fixture.ts']) {
      const rel = file.split('/').length === 4 ? '../../bus/index.js' : '../bus/index.js';
      expect(await lint(file, `import { masterClient } from '${rel}';\nexport const x = masterClient;\n`)).toEqual([]);
    }
    expect(await lint('src/renderer/src/fixture.ts', "import { masterClient } from '../../bus/index';\nexport const x = masterClient;\n")).toEqual([]);
  });
  it('outside src/bus, KV, JetStream, micro services and the Node transport are not imported', async () => {
    for (const [file, code] of [
      ['src/main/master/fixture.ts', "import { Kvm } from '@nats-io/kv';\nexport const x = Kvm;\n"],
      ['src/sdk/fixture.ts', "import { Svcm } from '@nats-io/services';\nexport const x = Svcm;\n"],
      ['src/cli/fixture.ts', "import { connect } from '@nats-io/transport-node';\nexport const x = connect;\n"],
      ['src/renderer/src/fixture.ts', "import { jetstream } from '@nats-io/jetstream';\nexport const x = jetstream;\n"],
      ['src/renderer/src/fixture.ts', "import { connectNode } from '../../bus/node.js';\nexport const x = connectNode;\n"],
    ] as const) {
      expect(
        (await lint(file, code)).some((m) => m.startsWith('no-restricted-imports')),
        `${file}: ${code}`,
      ).toBe(true);
    }
  });
  it('allowed imports pass', async () => {
    expect(await lint('src/shared/fixture.ts', "import { etagOf } from './hash.js';\nexport const x = etagOf;\n")).toEqual([]);
    expect(
      await lint('src/main/master/catalog/fixture.ts', "import { readFile } from 'node:fs/promises';\nimport { etagOf } from '../../../shared/hash.js';\nexport const x = [readFile, etagOf];\n"),
    ).toEqual([]);
  });
  it('src/host never imports electron, the CLI or the UI', async () => {
    expect((await lint('src/host/fixture.ts', "import { app } from 'electron';\nexport const x = app;\n")).some((m) => m.startsWith('no-restricted-imports') && m.includes('electron'))).toBe(true);
    expect((await lint('src/host/fixture.ts', "import { runMaster } from '../cli/master.js';\nexport const x = runMaster;\n")).some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
    expect(await lint('src/host/fixture.ts', "import { Master } from '../main/master/master.js';\nexport const x = Master;\n")).toEqual([]);
  });
  it('the CLI reaches nats-server, the master and its parts only through src/host', async () => {
    expect((await lint('src/cli/fixture.ts', "import { readRecord } from '../main/nats/server.js';\nexport const x = readRecord;\n")).some((m) => m.startsWith('import/no-restricted-paths'))).toBe(
      true,
    );
    expect(
      (await lint('src/cli/fixture.ts', "import { scanManifests } from '../main/master/catalog/manifest.js';\nexport const x = scanManifests;\n")).some((m) =>
        m.startsWith('import/no-restricted-paths'),
      ),
    ).toBe(true);
    expect(await lint('src/cli/fixture.ts', "import { scanManifests } from '../host/index.js';\nexport const x = scanManifests;\n")).toEqual([]);
  });
  it('the entry points (f8 master, f8 run, the desktop) start the backend only through src/host', async () => {
    for (const [file, rel] of [
      ['src/cli/master.ts', '..'],
      ['src/cli/run.ts', '..'],
      ['src/main/index.ts', '..'],
    ] as const) {
      for (const target of ['main/nats/supervisor.js', 'main/master/master.js', 'host/lock.js']) {
        const from = file.startsWith('src/main/') ? `./${target.replace(/^main\//, '')}`.replace('./host/', '../host/') : `${rel}/${target}`;
        const msgs = await lint(file, `import * as m from '${from}';\nexport const x = m;\n`);
        expect(
          msgs.some((m) => m.startsWith('import/no-restricted-paths') && m.includes('src/host')),
          `${file} -> ${from}`,
        ).toBe(true);
      }
      const host = file.startsWith('src/main/') ? '../host/index.js' : '../host/index.js';
      expect(await lint(file, `import { startHost } from '${host}';\nexport const x = startHost;\n`), file).toEqual([]);
    }
  });
});

// The guardrails beside the layers: type-aware promise rules and the size limits.
describe('guardrails', () => {
  // With CI=true typescript-eslint infers a single run and types the file as it is on disk, not the
  // text handed to lintText; the rule then walks a stale AST and throws. Keep the inference off.
  const typed = new ESLint({ cwd: root, overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } } });
  const lintAs = async (file: string, code: string) => ((await typed.lintText(code, { filePath: resolve(root, file) }))[0]?.messages ?? []).map((m) => m.ruleId);
  it('a promise nobody awaits or catches is an error, and so is one handed where void is expected', async () => {
    // an existing file of the project, so that the type information is there
    const rules = await lintAs('src/shared/naming.ts', 'async function f(): Promise<number> {\n  return 1;\n}\nf();\n[1].forEach(async () => {\n  await f();\n});\nexport {};\n');
    expect(rules).toContain('@typescript-eslint/no-floating-promises');
    expect(rules).toContain('@typescript-eslint/no-misused-promises');
  }, 60_000);
  // The size rules need no types: linted untyped, under paths of their own. Linting one project
  // file again and again with other text lets the typed program hand a stale AST to a rule.
  it('a function over 80 lines and a file over 400 are errors outside tests; a test may be longer', async () => {
    const rules = async (file: string, code: string) => (await lint(file, code)).map((m) => m.split(':')[0]);
    const long = (n: number) => `export function f(): number {\n  let x = 0;\n${'  x += 1;\n'.repeat(n)}  return x;\n}\n`;
    expect(await rules('src/shared/long-90.ts', long(90))).toContain('max-lines-per-function');
    expect(await rules('src/shared/long-70.ts', long(70))).not.toContain('max-lines-per-function');
    const file = Array.from({ length: 410 }, (_, i) => `export const x${i} = ${i};`).join('\n') + '\n';
    expect(await rules('src/shared/long-file.ts', file)).toContain('max-lines');
    expect(await rules('src/shared/long-90.test.ts', long(90))).not.toContain('max-lines-per-function');
  }, 60_000);
});
