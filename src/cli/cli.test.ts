// The f8 command's own manners: --help on every command, a bad option is one line (no stack
// trace).
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { COMMAND_USAGE, main } from './main.js';

const bin = resolve(import.meta.dirname, '../../bin/f8.mjs');
const f8 = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, cwd: resolve(import.meta.dirname, '../..'), env: { ...process.env, F8_NATS_URL: '' } });

describe('f8 (CLI manners)', () => {
  it('every command answers --help with its usage and exit 0 (in process: one dispatch per command)', async () => {
    for (const cmd of Object.keys(COMMAND_USAGE)) {
      const out: string[] = [];
      const err: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
      try {
        expect(await main([cmd, '--help']), cmd).toBe(0);
      } finally {
        log.mockRestore();
        error.mockRestore();
      }
      expect(out.join('\n'), cmd).toMatch(/^usage/);
      expect(out.join('\n'), cmd).toContain(`f8 ${cmd}`);
      expect(err, cmd).toEqual([]);
    }
    expect(Object.keys(COMMAND_USAGE).sort()).toEqual(['call', 'deploy', 'history', 'master', 'plan', 'revert', 'run', 'stats', 'stop', 'validate']);
  });

  it('the f8 binary answers --help (one process)', () => {
    const r = f8('master', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: f8 master/);
    expect(r.stderr).toBe('');
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
