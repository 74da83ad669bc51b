// The `f8` command (bin/f8.mjs loads this): runs src/cli/main.ts and exits once stdout drains.
import { main } from './main.js';

// a closed pipe (`f8 history | head`) is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** Exits once stdout is flushed (a piped reply of any size is written whole). */
function exitAfterFlush(code: number): void {
  if (process.stdout.writableLength === 0) process.exit(code);
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
