// A plain logger for the headless master: one line per event on stderr.
import type { Logger } from '../../shared/ports.js';

export function consoleLogger(prefix = 'f8', stream: NodeJS.WritableStream = process.stderr, quiet = false): Logger {
  const line = (level: string, msg: string) => stream.write(`${new Date().toISOString()} ${prefix} ${level} ${msg}\n`);
  return {
    info: (m) => {
      if (!quiet) line('info', m);
    },
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
  };
}
