// Acceptance of the one-client-layer rule: no NATS request, KV access or NATS error mapping
// outside src/bus. Test files and their fixtures (`testing.ts`) are exempt on purpose: they
// read the raw wire as an independent client, to check what the layer wrote.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bnc\.request\(/, 'nc.request('],
  [/\.kv\(/, '.kv('],
  [/\bKvm\b/, 'Kvm'],
  [/\bnatsErrorToF8\b/, 'natsErrorToF8'],
  [/\.requestMany\(/, '.requestMany('],
  [/\bjetstreamManager\(/, 'jetstreamManager('],
  [/\bnew Svcm\(/, 'new Svcm('],
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) && name !== 'testing.ts') out.push(path);
  }
  return out;
}

/** `file: pattern` for every forbidden use in `files`. */
export function offenders(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [re, label] of FORBIDDEN) if (re.test(text)) found.push(`${relative(root, file)}: ${label}`);
  }
  return found;
}

describe('one NATS client layer', () => {
  it('no NATS request, KV access or error mapping outside src/bus (src/ and services/)', () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'services'))].filter((f) => !f.startsWith(join(root, 'src', 'bus')));
    expect(files.length).toBeGreaterThan(50);
    expect(offenders(files)).toEqual([]);
  });

  it('the check finds a violation (it can fail)', () => {
    const bus = sources(join(root, 'src', 'bus'));
    expect(offenders(bus).some((o) => o.includes('Kvm'))).toBe(true);
  });
});
