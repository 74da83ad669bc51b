// f8.logger: data in -> log lines on stdout, the last value and a count in state.
import { manifestBeside, runService } from '../../../src/sdk/index.js';

let count = 0;

await runService({
  manifest: manifestBeside(import.meta.url),
  onStart(ctx) {
    const c = ctx.getState('count');
    if (typeof c === 'number') count = c;
  },
  onData(ctx, _nodeId, port, value) {
    count++;
    const prefix = ctx.getState('prefix');
    process.stdout.write(`${typeof prefix === 'string' && prefix ? `${prefix} ` : ''}${port}=${JSON.stringify(value)}\n`);
    void ctx.setState('last', value);
    void ctx.setState('count', count);
  },
  commands: {
    async clear(_params, ctx) {
      count = 0;
      await ctx.setState('count', 0);
      await ctx.setState('last', null);
      return { cleared: true };
    },
  },
});
