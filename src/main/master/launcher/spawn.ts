// Starting a service process: the request resolved to a command line (`${node}` replaced by the
// runtime), log files opened for append (rotated when large, a start marker written to both),
// and the command spawned directly (no shell) DETACHED with stdin ignored and stdout/stderr on
// those files, never pipes (a pipe would end the service with the master).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { F8Error } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/ports.js';
import { rotateIfLarge } from '../../util/log-file.js';
import type { Instance, LauncherRuntime, SpawnRequest } from './types.js';

export const NODE_PLACEHOLDER = '${node}';

/** Instance log files and their folder are private to the user (a service may log anything). */
const LOG_FILE_MODE = 0o600;
const LOG_DIR_MODE = 0o700;

export interface ResolvedLaunch {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** This process's own binary; under Electron it acts as Node only when ELECTRON_RUN_AS_NODE asks it to. */
export function defaultRuntime(): LauncherRuntime {
  return process.versions.electron ? { execPath: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } } : { execPath: process.execPath };
}

/** The command, args, cwd and environment of a request, with `${node}` resolved; throws `invalid`. */
export function resolveLaunch(req: SpawnRequest, runtime: LauncherRuntime): ResolvedLaunch {
  const { launch } = req;
  if (typeof launch?.command !== 'string' || launch.command.trim() === '') {
    throw new F8Error('invalid', `instance ${req.instanceId}: launch.command is empty`);
  }
  const subst = (s: string): string => s.split(NODE_PLACEHOLDER).join(runtime.execPath);
  const command = subst(launch.command);
  const args = (launch.args ?? []).map(subst);
  const cwd = path.resolve(req.manifestDir, launch.cwd ?? '.');
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(cwd);
  } catch {
    st = undefined;
  }
  if (!st) throw new F8Error('invalid', `cannot start instance ${req.instanceId}: working directory ${cwd} does not exist`);
  if (!st.isDirectory()) throw new F8Error('invalid', `cannot start instance ${req.instanceId}: working directory ${cwd} is not a directory`);
  // the runtime's variables come last: they decide how its binary behaves (Electron as Node)
  const runtimeEnv = launch.command === NODE_PLACEHOLDER ? (runtime.env ?? {}) : {};
  const env: NodeJS.ProcessEnv = { ...process.env, ...(launch.env ?? {}), ...req.env, ...runtimeEnv };
  return { command, args, cwd, env };
}

/** The command line as a reader would type it (for the start marker and the log). */
export function commandText(command: string, args: readonly string[]): string {
  return [command, ...args].map(quoteArg).join(' ');
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(a) ? a : JSON.stringify(a);
}

export interface SpawnOptions {
  logDir: string;
  maxLogBytes: number;
  log: Logger;
}

/**
 * Spawns the resolved command for an instance with its output appended to the instance's log
 * files; the tails are moved past the start marker. Resolves with the pid once the process
 * exists; a failed spawn is noted in the stderr file and rejects with an F8Error saying why.
 */
export async function spawnDetached(inst: Pick<Instance, 'id' | 'files' | 'tails'>, launch: ResolvedLaunch, opts: SpawnOptions): Promise<{ pid: number; child: ChildProcess }> {
  const { command, args, cwd, env } = launch;
  // private: a service's output may hold anything (the data dir's own mode is the user's)
  fs.mkdirSync(opts.logDir, { recursive: true, mode: LOG_DIR_MODE });
  rotateIfLarge(inst.files.stdout, opts.maxLogBytes);
  rotateIfLarge(inst.files.stderr, opts.maxLogBytes);
  const outFd = fs.openSync(inst.files.stdout, 'a', LOG_FILE_MODE);
  let errFd: number | undefined;
  let child: ChildProcess;
  try {
    errFd = fs.openSync(inst.files.stderr, 'a', LOG_FILE_MODE);
    writeMarker([outFd, errFd], `--- f8studio: starting ${inst.id}: ${commandText(command, args)} (cwd ${cwd}) at ${new Date().toISOString()} ---\n`, inst.id, opts.log);
    // Lines of this run start after the marker.
    inst.tails.stdout.seek(fs.fstatSync(outFd).size);
    inst.tails.stderr.seek(fs.fstatSync(errFd).size);
    child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', outFd, errFd], windowsHide: true });
  } finally {
    // The child holds its own copies.
    fs.closeSync(outFd);
    if (errFd !== undefined) fs.closeSync(errFd);
  }
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => {
      child.off('error', reject);
      if (child.pid === undefined) reject(new Error('no pid after spawn'));
      else resolve(child.pid);
    });
  }).catch((err: unknown) => {
    const e = spawnError(inst.id, command, cwd, err);
    appendQuiet(inst.files.stderr, `--- f8studio: ${e.message} ---\n`);
    inst.tails.stderr.read(true); // skip our own note
    throw e;
  });
  return { pid, child };
}

/** Best effort: a full disk must not stop a start (the service reports its own trouble). */
function writeMarker(fds: number[], marker: string, id: string, log: Logger): void {
  for (const fd of fds) {
    try {
      fs.writeSync(fd, marker);
    } catch (err) {
      log.warn(`launcher: cannot write the start marker of ${id}: ${(err as Error).message}`);
    }
  }
}

function appendQuiet(file: string, text: string): void {
  try {
    fs.appendFileSync(file, text, { mode: LOG_FILE_MODE });
  } catch {
    /* best effort */
  }
}

function spawnError(id: string, command: string, cwd: string, err: unknown): F8Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = command.includes('/') || command.includes(path.sep) ? ` (resolved to ${path.resolve(cwd, command)})` : ' on PATH';
  if (code === 'ENOENT') {
    return new F8Error('invalid', `cannot start instance ${id}: command "${command}" not found${where} (cwd ${cwd}), or its script interpreter is missing`, { cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new F8Error('invalid', `cannot start instance ${id}: command "${command}" is not executable${where === ' on PATH' ? '' : where} (cwd ${cwd})`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new F8Error('internal', `cannot start instance ${id}: command "${command}" (cwd ${cwd}) failed: ${message}`, { cause: err });
}
