// The end of an app: quit (app.quit() in the child, SIGKILL on timeout), kill (the child and what is
// left of its process group), and the live members of that process group.
import { readFileSync, readdirSync } from 'node:fs';
import type { ChildLink } from './child.js';
import type { ExitStatus } from './types.js';

/** app.quit() in the child; resolves when the child exited. After `timeoutMs` it is killed (`kill`) and this rejects. */
export async function quitApp(link: ChildLink, timeoutMs: number, kill: () => Promise<void>): Promise<ExitStatus> {
  if (link.exitStatus) return link.exitStatus;
  link.request({ op: 'app.quit' }).catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const result = await Promise.race([link.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    await kill();
    throw new Error(`the app did not exit within ${timeoutMs} ms of app.quit(); it was killed. Output:\n${link.output()}`);
  }
  return result;
}

/** SIGKILLs the child (and what is left of its process group), then `closeContexts`. */
export async function killApp(link: ChildLink, closeContexts: () => Promise<void>): Promise<void> {
  const pid = link.child.pid;
  if (link.exitStatus === null && pid !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await link.exited;
  }
  for (const left of processGroup(link.child.pid)) {
    try {
      process.kill(left.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await closeContexts();
}

/** Live processes of the process group `group` (the child and what it spawned without a new group). */
export function processGroup(group: number | undefined): { pid: number; command: string }[] {
  if (group === undefined) return [];
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] = state, fields[2] = process group
      if (Number(fields[2]) === group && fields[0] !== 'Z') found.push({ pid: Number(entry), command: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // exited while we looked
    }
  }
  return found;
}
