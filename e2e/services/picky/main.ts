// A test service for the e2e: refuses any subgraph that sets its own `reject` to true.
import { F8Error, manifestBeside, runService } from '../../../src/sdk/index.js';

await runService({
  manifest: manifestBeside(import.meta.url),
  onGraph(ctx, sg) {
    if (sg.state[ctx.instanceId]?.reject === true) {
      console.error('picky: refusing this subgraph (reject is true)');
      throw new F8Error('invalid', 'picky refuses this subgraph');
    }
  },
});
