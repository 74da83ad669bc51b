// f8.logger: data in -> log lines on stdout, the last value and a count in state. State is
// written at most every 100 ms (the last value wins), so a fast input does not flood KV.
import { writeSync } from 'node:fs';
import { manifestBeside, runService, WriteGuard, type ServiceContext } from '../../../src/sdk/index.js';

const FLUSH_MS = 100;
let count = 0;
let last: unknown = null;
let pending: ReturnType<typeof setTimeout> | null = null;
/** stdout is the log file the master gave us: a full disk there is reported, never fatal. */
let out: WriteGuard | null = null;

function flushSoon(ctx: ServiceContext): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    void ctx.setState('last', last);
    void ctx.setState('count', count);
  }, FLUSH_MS);
}

await runService({
  manifest: manifestBeside(import.meta.url),
  onStart(ctx) {
    const c = ctx.getState('count');
    if (typeof c === 'number') count = c;
  },
  onData(ctx, _nodeId, port, value) {
    count++;
    last = value;
    const prefix = ctx.getState('prefix');
    const line = `${typeof prefix === 'string' && prefix ? `${prefix} ` : ''}${port}=${JSON.stringify(value)}\n`;
    (out ??= new WriteGuard(ctx, 'the log (stdout)')).run(() => writeSync(1, line));
    flushSoon(ctx);
  },
  onStop() {
    if (pending) clearTimeout(pending);
  },
  commands: {
    async clear(_params, ctx) {
      if (pending) clearTimeout(pending);
      pending = null;
      count = 0;
      last = null;
      await ctx.setState('count', 0);
      await ctx.setState('last', null);
      return { cleared: true };
    },
  },
});
