// The f8 command's own manners: --help on every command, a bad option is one line (no stack
// trace).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve(import.meta.dirname, '../../bin/f8.mjs');
const f8 = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000, cwd: resolve(import.meta.dirname, '../..'), env: { ...process.env, F8_NATS_URL: '' } });

describe('f8 (CLI manners)', () => {
  it('every command answers --help with its usage and exit 0', () => {
    for (const cmd of ['master', 'validate', 'deploy', 'run', 'plan', 'history', 'revert', 'stop', 'stats', 'call']) {
      const r = f8(cmd, '--help');
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/^usage/);
      expect(r.stderr, cmd).toBe('');
    }
  });

  it('an unknown option is one line and the usage, exit 2, no stack trace', () => {
    const r = f8('call', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("f8 call: Unknown option '--bogus'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a data dir that cannot work is one line and exit 1 at once: a pseudo-filesystem, a file in its place', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'f8-cli-')), 'not-a-dir');
    writeFileSync(file, '');
    for (const [args, what] of [
      [['master', '--data-dir', '/proc/f8-x', '--quiet'], 'proc pseudo-filesystem'],
      [['master', '--data-dir', file, '--quiet'], 'is not a folder'],
      [['run', 'examples/demo.json', '--data-dir', '/proc/f8-x', '--quiet'], 'proc pseudo-filesystem'],
    ] as const) {
      const r = f8(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(what);
    }
  });
});
