// The `f8` command (bin/f8.mjs loads this): runs src/cli/main.ts and exits once stdout drains.
import { main } from './main.js';
import { guardStdio, streamBroken } from '../main/util/log.js';

// A closed pipe is not an error. A one-shot command (`f8 history | head`) just ends; a server
// (`f8 master 2>&1 | head -3`, `f8 run`) keeps serving without its output: exiting here would
// leave nats-server and the instances behind (its own stop is the way out).
const command = process.argv[2];
if (command === 'master' || command === 'run') {
  guardStdio();
} else {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** Exits once stdout is flushed (a piped reply of any size is written whole). */
function exitAfterFlush(code: number): void {
  if (process.stdout.writableLength === 0 || streamBroken(process.stdout)) process.exit(code);
  process.stdout.once('drain', () => process.exit(code));
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (err: unknown) => {
    console.error(`f8: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
