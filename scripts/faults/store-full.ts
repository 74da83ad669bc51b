// The JetStream store's disk fills up (issue 12: nats-server 2.9.10 stayed wedged after the
// space was freed, /healthz hanging, until killed). KV writes fail meanwhile; once the space is
// back, they must work again: by themselves, or after the master restarted a wedged server.
import { rmSync } from 'node:fs';
import { Kvm } from '@nats-io/kv';
import type { Env, Row } from './faults.js';
import { fillDisk, kvProbe, lineAt, sleep, until, watchDuplicates } from './harness.js';

export async function storeFull(env: Env, store: string | null): Promise<Row> {
  const name = 'disk full under the JetStream store';
  if (!store) return { fault: name, detectMs: null, recoverMs: null, lost: '-', unackedMissing: '-', duplicates: 0, notes: 'skipped: cannot mount a tmpfs here (needs root)' };
  const dups = watchDuplicates(env.dataDir);
  const kv = await new Kvm(env.c.nc).create('kv_fault_probe');
  const put = kvProbe(kv);
  await put();
  const t0 = Date.now();
  const filler = fillDisk(store);
  // a KV write now fails (or the server stops answering)
  const detect = await until(async () => ((await put()) ? null : Date.now()), 'a KV write failing on the full store', 30_000).catch(() => null);
  await sleep(1_000);
  rmSync(filler);
  const freed = Date.now();
  const back = await until(async () => ((await put()) ? Date.now() : null), 'KV writes working again', 90_000, 200).catch(() => null);
  const restarted = lineAt(env.master, /nats-server: restarted as pid/, freed);
  if (process.env.F8_FAULT_DEBUG) for (const l of env.master.lines.filter((x) => x.at >= t0 && /nats/i.test(x.text))) console.log(`  ${l.at - t0} ms: ${l.text.slice(0, 200)}`);
  return {
    fault: name,
    detectMs: detect === null ? null : detect - t0,
    recoverMs: back === null ? null : back - t0,
    lost: '-',
    unackedMissing: '-',
    duplicates: dups.stop(),
    notes:
      back === null
        ? 'FAILED: KV writes did not work again'
        : `KV writes work again ${back - freed} ms after the space was freed${restarted ? ' (the master restarted the wedged server)' : ' (the server recovered by itself)'}`,
  };
}
