// A graph file named at launch: argv's offsets differ between a packaged app and a development
// run; flags are skipped, relative paths resolve against the launching folder, missing files and
// other extensions are not opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphFileFromArgv, userArgs } from './argv.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'f8-argv-'));
  writeFileSync(join(dir, 'demo.f8graph'), '{}');
  writeFileSync(join(dir, 'other.JSON'), '{}');
  writeFileSync(join(dir, 'notes.txt'), '');
  mkdirSync(join(dir, 'folder.f8graph'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('argv', () => {
  it('skips the binary (packaged) or the binary and the main script (development)', () => {
    expect(userArgs(['/opt/f8studio/f8studio', 'a.f8graph'], true)).toEqual(['a.f8graph']);
    expect(userArgs(['/x/electron', '.', 'a.f8graph'], false)).toEqual(['a.f8graph']);
    expect(userArgs(['/x/electron', 'out/main/index.js', 'a.f8graph'], false)).toEqual(['a.f8graph']);
  });

  it('finds the first existing graph file, relative to the launching folder', () => {
    expect(graphFileFromArgv(['/opt/f8studio', 'demo.f8graph'], { isPackaged: true, cwd: dir })).toBe(join(dir, 'demo.f8graph'));
    expect(graphFileFromArgv(['/x/electron', '.', '--enable-logging', '--inspect=9229', 'missing.f8graph', 'notes.txt', 'other.JSON'], { isPackaged: false, cwd: dir })).toBe(join(dir, 'other.JSON'));
    // in development the main script is never taken for the file, even when it is a graph
    expect(graphFileFromArgv(['/x/electron', join(dir, 'demo.f8graph')], { isPackaged: false, cwd: dir })).toBeNull();
    expect(graphFileFromArgv(['/opt/f8studio', `file://${join(dir, 'demo.f8graph')}`], { isPackaged: true, cwd: '/' })).toBe(join(dir, 'demo.f8graph'));
    expect(graphFileFromArgv(['/opt/f8studio', '--', '-odd.f8graph'], { isPackaged: true, cwd: dir })).toBeNull();
    writeFileSync(join(dir, '-odd.f8graph'), '{}');
    expect(graphFileFromArgv(['/opt/f8studio', '--', '-odd.f8graph'], { isPackaged: true, cwd: dir })).toBe(join(dir, '-odd.f8graph'));
    expect(graphFileFromArgv(['/opt/f8studio', 'folder.f8graph', '--flag'], { isPackaged: true, cwd: dir })).toBeNull();
  });
});
