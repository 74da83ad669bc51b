// `f8 stats [instanceId] [--watch]` (contract v1.1): a table of every instance's figures, like
// `dora top`: status, CPU, memory, tick time, messages in and out per second, drops.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { instanceClient } from '../bus/index.js';
import type { InstanceStats } from '../shared/verbs.js';
import { connectMaster } from './client.js';
import { masterUrl } from './graph.js';

export const STATS_USAGE = `usage: f8 stats [INSTANCE] [--watch] [--nats-url URL | --data-dir DIR]
  one row per instance: status, CPU %, RSS, tick mean/p95, msg/s in and out, drops; --watch refreshes every second`;

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

export function statsRow(id: string, status: string, s: InstanceStats | null): string {
  if (!s) return `${pad(id, 20)} ${pad(status, 12)} (no answer)`;
  const inRate = s.inputs.reduce((a, i) => a + i.ratePerS, 0);
  const outRate = s.outputs.reduce((a, o) => a + o.ratePerS, 0);
  const drops = s.inputs.reduce((a, i) => a + i.dropped, 0);
  const tick = s.tick ? `${num(s.tick.meanMs, 2)}/${num(s.tick.p95Ms, 2)}` : '-';
  return `${pad(id, 20)} ${pad(status, 12)} ${pad(`${num(s.cpuPercent)}%`, 7)} ${pad(`${num(s.rssBytes / 1048576, 0)}MB`, 7)} ${pad(tick, 12)} ${pad(num(inRate), 8)} ${pad(num(outRate), 8)} ${drops}`;
}

export const STATS_HEADER = `${pad('INSTANCE', 20)} ${pad('STATUS', 12)} ${pad('CPU', 7)} ${pad('RSS', 7)} ${pad('TICK ms', 12)} ${pad('IN/s', 8)} ${pad('OUT/s', 8)} DROPS`;

export async function runStats(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'nats-url': { type: 'string' }, 'data-dir': { type: 'string' }, watch: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const url = masterUrl(values, env);
  if (!url) {
    console.error(`no running master found: start "f8 master", or pass --nats-url / F8_NATS_URL\n${STATS_USAGE}`);
    return 1;
  }
  const client = await connectMaster(url);
  const once = async (): Promise<number> => {
    const list = (await client.call('instances', {})).instances.filter((i) => !positionals[0] || i.instanceId === positionals[0]);
    if (positionals[0] && !list.length) {
      console.error(`no instance '${positionals[0]}'`);
      return 2;
    }
    const rows = await Promise.all(
      list.map(async (i) =>
        statsRow(
          i.instanceId,
          i.status,
          await instanceClient(client.nc, i.instanceId, client.clientId)
            .call('stats', {}, { timeoutMs: 1_000 })
            .catch(() => null),
        ),
      ),
    );
    console.log([STATS_HEADER, ...rows].join('\n'));
    return 0;
  };
  try {
    if (!values.watch) return await once();
    for (;;) {
      process.stdout.write('\x1b[2J\x1b[H');
      await once();
      await sleep(1_000);
    }
  } finally {
    await client.close();
  }
}
