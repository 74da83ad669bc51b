// The leak check ends only processes that carry the run's marker: a user's f8 processes running
// beside `npm test` (same command lines, no marker) are neither reported nor signalled.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endLeaks, findLeaks, markedProcesses } from './leak-check.js';
import { RUN_MARKER_VAR, runMarker } from './run-marker.js';

const linux = process.platform === 'linux';
const started: ChildProcess[] = [];
let dir = '';

/** A process whose command line matches the old patterns (`.../f8-service.mjs`), idling until killed. */
function lookalike(marker: string | null): ChildProcess {
  dir ||= mkdtempSync(join(tmpdir(), 'f8-leak-'));
  const script = join(dir, 'f8-service.mjs');
  writeFileSync(script, 'setInterval(() => {}, 60_000);\n');
  const env = { ...process.env };
  delete env[RUN_MARKER_VAR];
  if (marker) env[RUN_MARKER_VAR] = marker;
  const child = spawn(process.execPath, [script], { stdio: 'ignore', env });
  started.push(child);
  return child;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
const exited = (c: ChildProcess) => new Promise<void>((r) => (alive(c) ? c.once('exit', () => r()) : r()));

afterEach(() => {
  for (const c of started.splice(0)) if (alive(c)) c.kill('SIGKILL'); // only what this test started
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe.runIf(linux)('leak check', () => {
  it('sets one marker per run, inherited by the processes tests start', () => {
    expect(process.env[RUN_MARKER_VAR]).toBe(runMarker());
    expect(runMarker()).toMatch(/^\d+-[0-9a-f]{12}$/);
  });

  it('reports and ends a marked leaked process, and leaves an unmarked look-alike alone', async () => {
    // a marker of this test's own, so that nothing another test file runs meanwhile is in scope
    const marker = `${runMarker()}-leaktest`;
    const before = new Set(markedProcesses(marker).keys());
    const users = lookalike(null); // a user's instance: same command line, no marker
    const other = lookalike(`${runMarker()}-another-run`); // another run's
    const ours = lookalike(marker);
    await new Promise((r) => setTimeout(r, 300)); // exec'd: /proc shows the script
    const leaks = await findLeaks(marker, before, 1_000);
    expect([...leaks.keys()]).toEqual([ours.pid]);
    expect(leaks.get(ours.pid!)).toContain('f8-service.mjs');
    endLeaks(leaks);
    await exited(ours);
    expect(ours.signalCode).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(users)).toBe(true);
    expect(alive(other)).toBe(true);
    expect(markedProcesses(marker).size).toBe(0);
  });
});
