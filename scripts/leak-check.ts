// vitest globalSetup: fails the run when tests leave processes behind (nats-servers started for
// tests, service processes, masters), and ends them so one leak does not pile onto the next run.
//
// It looks only at processes that carry this run's marker: `F8_TEST_RUN=<per-run value>` in their
// environment (vitest.config.ts sets it once per run; every process a test starts inherits it,
// and the launcher and nats-server pass the environment on). A user's own `f8 master`, its
// nats-server and its instances, running beside `npm test`, carry no marker and are never
// looked at, reported or signalled.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RUN_MARKER_VAR, runMarker } from './run-marker.js';

/** Read by scripts/test.mjs: vitest reports an error thrown here but still exits 0. */
export const LEAK_REPORT = resolve(import.meta.dirname, '..', '.vitest-leaks.txt');

/** What an f8 process looks like: nats-server from an f8 config, services, the CLI, the desktop main bundle. */
const F8_PROCESS = [
  /nats-server.*-c .*f8-/,
  /nats-server.*-c .*\/nats\/nats-server\.conf/,
  /f8-service\.mjs/,
  /bin\/f8\.mjs (master|run)/,
  /out\/main\/index\.js/,
  /services\/[^/ ]+\/dist\/[^ ]+\.m?js/,
];

function environ(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

/**
 * The live f8 processes that carry `marker` (`F8_TEST_RUN=<marker>` exactly), pid -> command line.
 * A process that is an f8 service by its environment (F8_SERVICE_ID) counts whatever its command line.
 */
export function markedProcesses(marker: string): Map<number, string> {
  const out = new Map<number, string>();
  const tag = `${RUN_MARKER_VAR}=${marker}`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\)\s+Z\s/.test(stat)) continue; // zombies are gone
      const env = environ(pid);
      if (!env.includes(tag)) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (F8_PROCESS.some((p) => p.test(cmd)) || env.some((e) => e.startsWith('F8_SERVICE_ID='))) out.set(pid, cmd);
    } catch {
      // exited meanwhile, or not ours to read (another user's process)
    }
  }
  return out;
}

/** Marked processes not in `before`, after waiting up to `graceMs` for them to end by themselves. */
export async function findLeaks(marker: string, before: ReadonlySet<number>, graceMs = 5_000): Promise<Map<number, string>> {
  const leaked = () => new Map([...markedProcesses(marker)].filter(([pid]) => !before.has(pid)));
  const deadline = Date.now() + graceMs;
  let found = leaked();
  while (found.size && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    found = leaked();
  }
  return found;
}

/** SIGKILLs exactly these pids (each was found carrying the run's marker). */
export function endLeaks(leaks: ReadonlyMap<number, string>): void {
  for (const pid of leaks.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

let before = new Set<number>();

export function setup(): void {
  rmSync(LEAK_REPORT, { force: true });
  if (process.platform !== 'linux') return;
  before = new Set(markedProcesses(runMarker()).keys());
}

export async function teardown(): Promise<void> {
  if (process.platform !== 'linux') return;
  const leaked = await findLeaks(runMarker(), before);
  if (!leaked.size) return;
  endLeaks(leaked);
  const message = `tests left ${leaked.size} process(es) running (killed now):\n${[...leaked].map(([pid, cmd]) => `  ${pid} ${cmd}`).join('\n')}`;
  writeFileSync(LEAK_REPORT, `${message}\n`);
  process.exitCode = 1;
  throw new Error(message);
}
