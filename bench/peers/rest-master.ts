// The master of the rest row in a process of its own, so that its CPU (read from /proc by
// bench/rows/rest.ts) is the master's and nothing else the bench does: a real nats-server, the
// master and N idle built loggers. Prints `ready`; answers `url` with the NATS URL (credentials
// included); stops everything on `quit` (or when stdin closes).
import { createInterface } from 'node:readline';
import { startBenchMaster } from '../lib/master.js';

const [servicesDir = '', n = '10'] = process.argv.slice(2);
const m = await startBenchMaster([servicesDir]);
const ids = Array.from({ length: Number(n) }, (_, i) => `rest${i}`);
await Promise.all(ids.map((instanceId) => m.call('startInstance', { serviceClass: 'f8.logger', instanceId })));
process.stdout.write('ready\n');

let stopping: Promise<void> | null = null;
const quit = () =>
  (stopping ??= (async () => {
    await m.stop();
    process.exit(0);
  })());
createInterface({ input: process.stdin })
  .on('line', (l) => {
    if (l === 'url') process.stdout.write(`${m.nats.natsUrl}\n`);
    if (l === 'quit') void quit();
  })
  .on('close', () => void quit());
