// LogWatch: a write to a watched log file marks its instance dirty (read it), nothing else does;
// a file renamed away ends the watch, and the next ensure watches the new file (and says so).
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing.js';
import { LogWatch } from './log-watch.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('LogWatch', () => {
  it('marks an instance dirty when its files change, and only then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'f8-logwatch-'));
    dirs.push(dir);
    const out = join(dir, 'a.stdout.log');
    const err = join(dir, 'a.stderr.log');
    writeFileSync(out, '');
    writeFileSync(err, '');
    const w = new LogWatch();
    try {
      expect(w.ensure('a', [out, err])).toBe(true);
      expect(w.ensure('a', [out, err])).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(w.take('a')).toBe(false); // nothing written: nothing to read
      appendFileSync(err, 'a line\n');
      await eventually(() => w.take('a'), 'the write to be seen');
      expect(w.take('a')).toBe(false);
      // renamed away (rotation): the watch ends; ensure watches the new file and asks for a read
      renameSync(out, `${out}.1`);
      writeFileSync(out, '');
      await eventually(() => w.ensure('a', [out, err]), 'the watch to end after the rename');
      appendFileSync(out, 'after rotation\n');
      await eventually(() => w.take('a'), 'the write to the new file to be seen');
    } finally {
      w.dispose();
    }
  });
});
