import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Ring } from './ring.js';
import { FileTail, MAX_LINE_BYTES } from './tail.js';

describe('FileTail', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmpFile = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-tail-'));
    dirs.push(d);
    return path.join(d, 'x.log');
  };

  it('starts at the end, keeps a partial line until its newline, strips CR', () => {
    const f = tmpFile();
    fs.writeFileSync(f, 'old\n');
    const t = new FileTail(f);
    expect(t.read()).toEqual([]);
    fs.appendFileSync(f, 'a\r\nb');
    expect(t.read()).toEqual(['a']);
    fs.appendFileSync(f, 'c\n');
    expect(t.read()).toEqual(['bc']);
    fs.appendFileSync(f, 'tail');
    expect(t.read(true)).toEqual(['tail']);
  });

  it('joins a multi-byte character split across reads', () => {
    const f = tmpFile();
    fs.writeFileSync(f, '');
    const t = new FileTail(f, 0);
    const bytes = Buffer.from('grüße\n', 'utf8');
    fs.appendFileSync(f, bytes.subarray(0, 3)); // cuts the ü in half
    expect(t.read()).toEqual([]);
    fs.appendFileSync(f, bytes.subarray(3));
    expect(t.read()).toEqual(['grüße']);
  });

  it('reads from the start again after truncation or replacement; cuts overlong lines', () => {
    const f = tmpFile();
    fs.writeFileSync(f, 'one\ntwo\n');
    const t = new FileTail(f, 0);
    expect(t.read()).toEqual(['one', 'two']);
    fs.truncateSync(f, 0);
    fs.appendFileSync(f, 'x\n');
    expect(t.read()).toEqual(['x']);
    fs.renameSync(f, `${f}.1`);
    fs.writeFileSync(f, 'new file line\n');
    expect(t.read()).toEqual(['new file line']);
    fs.appendFileSync(f, 'z'.repeat(MAX_LINE_BYTES + 10) + '\n');
    const long = t.read(true);
    expect(long.map((l) => l.length)).toEqual([MAX_LINE_BYTES, 10]);
  });
});

describe('Ring', () => {
  it('keeps the newest items up to its capacity', () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.size).toBe(3);
    expect(r.last()).toEqual([3, 4, 5]);
    expect(r.last(2)).toEqual([4, 5]);
    expect(r.last(10)).toEqual([3, 4, 5]);
    expect(r.last(0)).toEqual([]);
  });
});
