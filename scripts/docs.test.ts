// Keeps the documentation honest: every relative link in README.md and docs/*.md resolves to a
// file of the repository (and an anchor to a heading of that file), the README's Layout names
// every top-level folder and every folder of src/, and docs/contract.md names
// every verb of the verb map (with its timeout and lease), every subject, bucket and key builder
// of the naming module, every error code and every strategy. Adding a verb or a subject family
// without documenting it fails here.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { INSTANCE_VERB_INFO, INSTANCE_VERBS, MASTER_VERB_INFO, MASTER_VERBS, type VerbInfo } from '../src/shared/verbs.js';
import { buckets, keys, kvApi, subjects } from '../src/shared/naming.js';
import { ERROR_CODES } from '../src/shared/errors.js';
import defs from '../schemas/defs.schema.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '..');
const docsDir = join(root, 'docs');
const markdownFiles = [
  'README.md',
  ...readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const contract = readFileSync(join(docsDir, 'contract.md'), 'utf8');

/** The lines of a markdown text outside fenced code blocks, with inline code spans kept as text. */
function proseLines(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) out.push(line);
  }
  return out;
}

/** GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of proseLines(readFileSync(file, 'utf8'))) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1] as string);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative link targets of a markdown text (inline links outside code). */
export function linkTargets(text: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(text)) {
    const plain = line.replace(/`[^`]*`/g, 'code');
    for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, mailto:, ...
      targets.push(target);
    }
  }
  return targets;
}

/** Why a link of `file` (relative to the root) does not resolve, or null. */
function linkProblem(file: string, target: string): string | null {
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const abs = path === '' ? join(root, file) : resolve(dirname(join(root, file)), decodeURIComponent(path));
  if (relative(root, abs).startsWith('..')) return `${file}: ${target} points outside the repository`;
  if (!existsSync(abs)) return `${file}: ${target} does not exist`;
  if (anchor !== undefined && abs.endsWith('.md') && statSync(abs).isFile() && !anchorsOf(abs).has(anchor)) {
    return `${file}: ${target}: no heading '#${anchor}' in ${relative(root, abs)}`;
  }
  return null;
}

/** The text of the `## heading` section of a markdown text (up to the next `## `). */
function sectionOf(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section '## ${heading}'`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The row of a markdown table whose first cell is `` `name` ``, or undefined. */
function rowOf(text: string, name: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
}

const seconds = (ms: number) => `${ms / 1000} s`;

describe('links in README.md and docs/', () => {
  it.each(markdownFiles)('%s: every relative link resolves', (file) => {
    const problems = linkTargets(readFileSync(join(root, file), 'utf8'))
      .map((t) => linkProblem(file, t))
      .filter((p): p is string => p !== null);
    expect(problems).toEqual([]);
  });

  it.each(markdownFiles)('%s: no pointer to the design briefs outside the repository', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/shared\/design|\b(CONTRACT|ARCHITECTURE|EDITOR|ENVIRONMENT)\.md\b/);
  });

  it('the checker sees a broken link and a broken anchor', () => {
    expect(linkTargets('see [a](docs/nope.md) and [b](https://x.org) and `[c](code.md)`')).toEqual(['docs/nope.md']);
    expect(linkProblem('README.md', 'docs/nope.md')).toMatch(/does not exist/);
    expect(linkProblem('README.md', 'docs/contract.md#no-such-heading')).toMatch(/no heading/);
    expect(linkProblem('README.md', 'docs/contract.md#master-verbs')).toBeNull();
    expect(slug('Catalog paging (`catalog`, v1.1 addition)')).toBe('catalog-paging-catalog-v11-addition');
  });
});

describe('docs/contract.md covers the verb map', () => {
  const masterRows = sectionOf(contract, 'Master verbs');
  const instanceRows = sectionOf(contract, 'Instance verbs');
  const check = (rows: string, verbs: readonly string[], info: Record<string, VerbInfo>) =>
    verbs.flatMap((v) => {
      const row = rowOf(rows, v);
      if (!row) return [`${v}: no table row`];
      const t = seconds(info[v]!.timeoutMs);
      return row.includes(`| ${t} |`) ? [] : [`${v}: its row does not say its timeout ${t}`];
    });

  it('every master verb has a row with its timeout and whether it needs the lease', () => {
    expect(check(masterRows, MASTER_VERBS, MASTER_VERB_INFO)).toEqual([]);
    const leaseWrong = MASTER_VERBS.filter((v) => rowOf(masterRows, v)!.trimEnd().endsWith('| yes |') !== 'mutating' in MASTER_VERB_INFO[v]);
    expect(leaseWrong).toEqual([]);
  });

  it('every instance verb has a row with its timeout', () => {
    expect(check(instanceRows, INSTANCE_VERBS, INSTANCE_VERB_INFO)).toEqual([]);
  });

  it('every error code has a row', () => {
    expect(ERROR_CODES.filter((c) => !rowOf(sectionOf(contract, 'Error codes'), c))).toEqual([]);
  });

  it('every edge strategy is named', () => {
    expect(defs.definitions.strategy.enum.filter((s) => !contract.includes(`\`${s}\``))).toEqual([]);
  });
});

describe('docs/contract.md covers the naming module', () => {
  // Each builder is named as `<module>.<member>`; a member that is a fixed subject (or list of
  // them) must also show that subject, so renaming it on the wire fails here too.
  const families = { subjects, buckets, keys, kvApi } as Record<string, Record<string, unknown>>;
  for (const [module, members] of Object.entries(families)) {
    it(`every member of ${module} is documented`, () => {
      const missing: string[] = [];
      for (const [name, value] of Object.entries(members)) {
        if (!contract.includes(`\`${module}.${name}`)) missing.push(`${module}.${name}`);
        const literals = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : [];
        for (const lit of literals) if (!contract.includes(`\`${lit}\``) && !contract.includes(` = \`${lit}\``)) missing.push(`${module}.${name} = ${lit}`);
      }
      expect(missing).toEqual([]);
    });
  }
});

describe("the README's Layout", () => {
  it('names every top-level folder and every folder of src/ that git tracks', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## Layout\n+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const named = new Set(
      block
        .split('\n')
        .map((l) => l.split(/\s+/)[0]!.replace(/\/$/, ''))
        .filter(Boolean),
    );
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    const folders = new Set<string>();
    for (const f of tracked) {
      const parts = f.split('/');
      if (parts.length > 1) folders.add(parts[0]!);
      if (parts.length > 2 && parts[0] === 'src') folders.add(`src/${parts[1]}`);
    }
    // a folder is named by itself or through an entry inside it (`src/shared/`, `.ci/run`)
    expect([...folders].filter((d) => !named.has(d) && ![...named].some((n) => n.startsWith(`${d}/`))).sort()).toEqual([]);
  });
});
