// f8.recorder: data in -> JSON lines appended to a file while recording. Each line is written
// with a synchronous append before it is counted, so a counted line is never lost.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, writeSync } from 'node:fs';
import { filesDir, manifestBeside, openInsideForAppend, runService, F8Error, WriteGuard } from '../../../src/sdk/index.js';

/** Recordings go only here (<data-dir>/recordings/<instanceId>/, set by the master). */
const ROOT = filesDir();

let fd: number | null = null;
/** The file's length after the last whole line: a write cut short (a full disk) is cut back to it. */
let size = 0;
let lines = 0;
let pending: ReturnType<typeof setTimeout> | null = null;
/** A full disk marks the instance error (a line that was not written is not counted) until writes succeed again. */
let guard: WriteGuard | null = null;

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
  onStart(ctx) {
    // restarted while recording (a crash, a kill): go on appending to the same file
    const p = ctx.getState('path');
    if (ctx.getState('recording') !== true || typeof p !== 'string' || !p) return;
    try {
      const opened = openInsideForAppend(ROOT, p);
      fd = opened.fd;
      size = fstatSync(fd).size;
      const counted = ctx.getState('lines');
      lines = typeof counted === 'number' ? counted : 0;
      ctx.log(`resuming the recording to ${opened.path} (${lines} lines counted so far)`);
    } catch (err) {
      void ctx.setState('recording', false);
      ctx.log(`cannot resume the recording to ${p}: ${(err as Error).message}`);
    }
  },
  onData(ctx, _nodeId, port, value) {
    if (fd === null) return;
    const file = fd;
    const line = `${JSON.stringify({ ts: Date.now(), port, value })}\n`;
    const bytes = Buffer.from(line);
    const ok = (guard ??= new WriteGuard(ctx, 'the recording')).run(() => {
      try {
        for (let at = 0; at < bytes.length;) at += writeSync(file, bytes, at);
      } catch (err) {
        ftruncateSync(file, size); // no half line: the next whole line starts clean
        throw err;
      }
    });
    if (!ok) return;
    size += bytes.length;
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
      size = fstatSync(fd).size;
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
