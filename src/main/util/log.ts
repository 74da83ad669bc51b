// A plain logger for the headless master: one line per event on stderr.
//
// A server outlives its log pipe: `f8 master 2>&1 | head -3` closes the pipe after three lines,
// and the next write fails with EPIPE (Node ignores SIGPIPE, so it is an 'error' event; with no
// listener it is an uncaught exception that kills the master on the spot and leaves nats-server
// and the instances behind). The streams are guarded: a failed stream is dropped quietly and
// the process keeps serving; the other stream, if it still works, goes on.
import type { Logger } from '../../shared/ports.js';

const broken = new WeakSet<NodeJS.WritableStream>();
const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * From now on an error on `stream` (EPIPE: its reader went away; EIO: its terminal closed) marks
 * it broken instead of killing the process; writes through `safeWrite` are then skipped.
 * Idempotent. Returns the stream.
 */
export function guardStream<S extends NodeJS.WritableStream>(stream: S): S {
  if (guarded.has(stream)) return stream;
  guarded.add(stream);
  stream.on('error', () => broken.add(stream));
  return stream;
}

/** Guards process.stdout and process.stderr (a long-running command keeps running without them). */
export function guardStdio(): void {
  guardStream(process.stdout);
  guardStream(process.stderr);
}

/** True once the stream failed (or was closed): nothing written to it arrives any more. */
export function streamBroken(stream: NodeJS.WritableStream): boolean {
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean; writable?: boolean };
  return broken.has(stream) || s.destroyed === true || s.writable === false;
}

/** Writes `text` unless the stream is broken; never throws, never kills the process. */
export function safeWrite(stream: NodeJS.WritableStream, text: string): boolean {
  guardStream(stream);
  if (streamBroken(stream)) return false;
  try {
    stream.write(text);
    return true;
  } catch {
    broken.add(stream);
    return false;
  }
}

export function consoleLogger(prefix = 'f8', stream: NodeJS.WritableStream = process.stderr, quiet = false): Logger {
  guardStream(stream);
  const line = (level: string, msg: string) => void safeWrite(stream, `${new Date().toISOString()} ${prefix} ${level} ${msg}\n`);
  return {
    info: (m) => {
      if (!quiet) line('info', m);
    },
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
  };
}
