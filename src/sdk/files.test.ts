import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { umask } from 'node:process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInsideForAppend, resolveInside } from './files.js';
import { F8Error } from '../shared/errors.js';

describe('files stay in their folder', () => {
  let base: string;
  let root: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'f8-files-'));
    root = join(base, 'recordings', 'rec1');
    mkdirSync(join(root, 'sub'), { recursive: true });
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(root, 'inside.txt'), '');
    symlinkSync(join(base, 'outside'), join(root, 'out'));
    symlinkSync(join(root, 'inside.txt'), join(root, 'link.txt'));
    execFileSync('mkfifo', [join(root, 'pipe')]);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const refused = (name: unknown): string => {
    try {
      resolveInside(root, name);
    } catch (e) {
      expect(e).toBeInstanceOf(F8Error);
      expect((e as F8Error).code).toBe('invalid');
      return (e as F8Error).message;
    }
    throw new Error(`${String(name)} was accepted`);
  };

  it('creates the folder and new subfolders private (0700) and files 0600', () => {
    const fresh = join(base, 'recordings', 'rec2');
    const { fd, path } = openInsideForAppend(fresh, 'day/one.jsonl');
    closeSync(fd);
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect([mode(fresh), mode(join(fresh, 'day')), mode(path)]).toEqual([0o700 & ~umask(), 0o700 & ~umask(), 0o600 & ~umask()]);
  });

  it('accepts relative names inside (new folders too), and appends there', () => {
    expect(resolveInside(root, 'a.jsonl')).toBe(join(root, 'a.jsonl'));
    expect(resolveInside(root, 'sub/new/b.jsonl')).toBe(join(root, 'sub', 'new', 'b.jsonl'));
    const { fd, path } = openInsideForAppend(root, 'sub/new/b.jsonl');
    writeSync(fd, 'x\n');
    closeSync(fd);
    expect(path).toBe(join(root, 'sub', 'new', 'b.jsonl'));
  });

  it('refuses absolute paths, .., NUL, symlinks (out or not), devices, fifos and folders, saying why', () => {
    expect(refused('/etc/passwd')).toContain('absolute');
    expect(refused('/dev/full')).toContain('absolute');
    expect(refused('../rec2/x')).toContain("'..'");
    expect(refused('sub/../../x')).toContain("'..'");
    expect(refused('a\0b')).toContain('NUL');
    expect(refused('')).toContain('needed');
    expect(refused(42)).toContain('needed');
    expect(refused('out/x.jsonl')).toContain('outside');
    expect(refused('link.txt')).toContain('symlink');
    expect(refused('pipe')).toContain('not a regular file');
    expect(refused('sub')).toContain('not a regular file');
  });
});
