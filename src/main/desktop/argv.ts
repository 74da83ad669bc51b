// The graph file a launch names: on the command line (`f8studio demo.f8graph`, a double-click
// through the file association, a second launch) or from the OS (macOS `open-file`). argv's
// offsets differ: a packaged app is `[app, ...args]`, a development run `[electron, main, ...args]`
// (or `[electron, '.', ...args]`); Chromium switches and their values are skipped.
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { GRAPH_EXTENSIONS } from '../../shared/ipc.js';

/** The user's arguments: argv without the binary (and, in development, the main script). */
export function userArgs(argv: readonly string[], isPackaged: boolean, defaultApp = !isPackaged): string[] {
  return argv.slice(isPackaged || !defaultApp ? 1 : 2);
}

export function isGraphPath(p: string): boolean {
  return (GRAPH_EXTENSIONS as readonly string[]).includes(extname(p).slice(1).toLowerCase());
}

/**
 * The first existing graph file among the user's arguments, resolved against `cwd` (the launching
 * shell's folder: a second instance passes its own), or null. Flags (`--x`, `--x=y`, `-x`) are
 * not files; a `--` ends the flags.
 */
export function graphFileFromArgv(argv: readonly string[], opts: { isPackaged: boolean; defaultApp?: boolean; cwd: string }): string | null {
  let flagsDone = false;
  for (const arg of userArgs(argv, opts.isPackaged, opts.defaultApp)) {
    if (!flagsDone && arg === '--') {
      flagsDone = true;
      continue;
    }
    if (!flagsDone && arg.startsWith('-')) continue;
    if (!isGraphPath(arg)) continue;
    const full = resolve(opts.cwd, arg.startsWith('file://') ? decodeURIComponent(new URL(arg).pathname) : arg);
    try {
      if (existsSync(full) && statSync(full).isFile()) return full;
    } catch {
      // unreadable: not ours to open
    }
  }
  return null;
}
