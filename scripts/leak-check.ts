// vitest globalSetup: fails the run when tests leave processes behind (nats-servers started for
// tests, service processes), and kills them so one leak does not pile onto the next run.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Read by scripts/test.mjs: vitest reports an error thrown here but still exits 0. */
export const LEAK_REPORT = resolve(import.meta.dirname, '..', '.vitest-leaks.txt');

const PATTERNS = [/nats-server.*-c .*f8-/, /f8-service\.mjs/, /bin\/f8\.mjs (master|run)/];

function ours(): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\)\s+Z\s/.test(stat)) continue; // zombies are gone
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      if (PATTERNS.some((p) => p.test(cmd))) out.set(Number(name), cmd.trim());
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

let before = new Map<number, string>();

export function setup(): void {
  rmSync(LEAK_REPORT, { force: true });
  if (process.platform !== 'linux') return;
  before = ours();
}

export async function teardown(): Promise<void> {
  if (process.platform !== 'linux') return;
  const deadline = Date.now() + 5_000;
  let leaked = [...ours()].filter(([pid]) => !before.has(pid));
  while (leaked.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    leaked = [...ours()].filter(([pid]) => !before.has(pid));
  }
  if (!leaked.length) return;
  for (const [pid] of leaked) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  const message = `tests left ${leaked.length} process(es) running (killed now):\n${leaked.map(([pid, cmd]) => `  ${pid} ${cmd}`).join('\n')}`;
  writeFileSync(LEAK_REPORT, `${message}\n`);
  process.exitCode = 1;
  throw new Error(message);
}
