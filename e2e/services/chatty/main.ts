// A test service for the bench: prints many log lines on request.
import { manifestBeside, runService } from '../../../src/sdk/index.js';

await runService({
  manifest: manifestBeside(import.meta.url),
  commands: {
    spam(params) {
      const n = (params as { lines?: number } | null)?.lines ?? 100_000;
      const out: string[] = [];
      const err: string[] = [];
      for (let i = 0; i < n; i++) (i % 10 === 9 ? err : out).push(`line ${i} of ${n}: the quick brown fox jumps over the lazy dog`);
      process.stdout.write(out.join('\n') + '\n');
      process.stderr.write(err.join('\n') + '\n');
      return { lines: n };
    },
  },
});
