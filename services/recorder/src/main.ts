// f8.recorder: data in -> JSON lines appended to a file while recording. Each line is written
// with a synchronous append before it is counted, so a counted line is never lost.
import { appendFileSync, closeSync, fsyncSync } from 'node:fs';
import { filesDir, manifestBeside, openInsideForAppend, runService, F8Error } from '../../../src/sdk/index.js';

/** Recordings go only here (<data-dir>/recordings/<instanceId>/, set by the master). */
const ROOT = filesDir();

let fd: number | null = null;
let lines = 0;
let pending: ReturnType<typeof setTimeout> | null = null;

/** The `lines` state is written at most every 100 ms; the file itself is written per line. */
function countSoon(ctx: { setState(field: string, value: unknown): Promise<void> }): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    void ctx.setState('lines', lines);
  }, 100);
}

await runService({
  manifest: manifestBeside(import.meta.url),
  onData(ctx, _nodeId, port, value) {
    if (fd === null) return;
    appendFileSync(fd, `${JSON.stringify({ ts: Date.now(), port, value })}\n`);
    lines++;
    countSoon(ctx);
  },
  onStop() {
    if (fd !== null) {
      fsyncSync(fd);
      closeSync(fd);
      fd = null;
    }
  },
  commands: {
    async start(params, ctx) {
      const p = (params as { path?: string }).path ?? (ctx.getState('path') as string | undefined) ?? '';
      if (!p) throw new F8Error('invalid', 'no file to record to: pass params.path or set the path state field');
      // checked before anything changes: a refused name leaves the current recording as it is
      const opened = openInsideForAppend(ROOT, p);
      if (fd !== null) closeSync(fd);
      fd = opened.fd;
      const file = opened.path;
      lines = 0;
      await ctx.setState('path', p);
      await ctx.setState('recording', true);
      await ctx.setState('lines', 0);
      return { path: file };
    },
    async stop(_params, ctx) {
      if (pending) clearTimeout(pending);
      pending = null;
      await ctx.setState('lines', lines);
      if (fd !== null) {
        fsyncSync(fd);
        closeSync(fd);
        fd = null;
      }
      await ctx.setState('recording', false);
      return { lines };
    },
  },
});
