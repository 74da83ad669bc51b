// The data dir's modes (issue 20): what f8 creates is private; an existing open data dir is left
// as it is and warned about once.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDirExposure, dataDirProblem, makePrivateDirs, warnDataDirExposure } from './data-dir.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('data dir modes', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-datadir-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a data dir f8 creates is 0700 (with the folders on the way), and so are its own folders', () => {
    const root = tmp();
    const dir = path.join(root, 'a', 'b');
    expect(dataDirProblem(dir)).toBeNull();
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(root, 'a'))).toBe(0o700);
    makePrivateDirs(dir, ['logs', 'nats']);
    expect(mode(path.join(dir, 'logs'))).toBe(0o700);
    expect(mode(path.join(dir, 'nats'))).toBe(0o700);
    expect(dataDirExposure(dir)).toBeNull();
  });

  it('an existing open data dir keeps its mode and is warned about once, with the fix', () => {
    const dir = tmp();
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });
    fs.chmodSync(path.join(dir, 'logs'), 0o755);
    expect(dataDirProblem(dir)).toBeNull();
    makePrivateDirs(dir, ['logs']);
    expect(mode(dir)).toBe(0o755); // the user's choice stands
    expect(mode(path.join(dir, 'logs'))).toBe(0o755);
    expect(dataDirExposure(dir)).toContain(`chmod 700 ${dir}`);
    expect(dataDirExposure(dir)).toContain('mode 0755');
    expect(dataDirExposure(dir, 'win32')).toBeNull();
    const said: string[] = [];
    warnDataDirExposure(dir, (m) => said.push(m));
    warnDataDirExposure(dir, (m) => said.push(m));
    expect(said).toHaveLength(1);
  });
});
