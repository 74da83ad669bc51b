// JSON (what the bus carries: `{value, ts}`) against MessagePack (@msgpack/msgpack, a
// devDependency used only here) for values of about 100 B, 10 KB and 1 MB, through a real
// nats-server: encode, publish, receive, decode. Reported, no target; the bytes on the wire too.
import { decode as mpDecode, encode as mpEncode } from '@msgpack/msgpack';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNode } from '../../src/bus/node.js';
import { startTestNats } from '../../src/main/nats/testing.js';
import type { Group, Runner, Sample } from '../lib/table.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A signal-like value of about `bytes` as JSON: samples with a time, a float and a label. */
function valueOf(bytes: number): unknown {
  const n = Math.max(1, Math.round(bytes / 48));
  return { samples: Array.from({ length: n }, (_, i) => ({ t: 1_700_000_000_000 + i, v: Math.sin(i) * 1000, ok: i % 2 === 0 })) };
}

const CASES: [string, number, number][] = [
  ['enc-100B', 100, 20_000],
  ['enc-10KB', 10_000, 2_000],
  ['enc-1MB', 1_000_000, 20],
];

type Codec = { encode(v: unknown): Uint8Array; decode(b: Uint8Array): unknown };
const JSON_CODEC: Codec = { encode: (v) => enc.encode(JSON.stringify(v)), decode: (b) => JSON.parse(dec.decode(b)) as unknown };
const MSGPACK: Codec = { encode: (v) => mpEncode(v), decode: (b) => mpDecode(b) };

async function through(pub: NatsConnection, sub: NatsConnection, codec: Codec, value: unknown, count: number): Promise<number> {
  const subject = `bench.enc.${Math.random().toString(36).slice(2)}`;
  let got = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const s = sub.subscribe(subject, {
    callback: (_e, m) => {
      codec.decode(m.data);
      if (++got === count) done();
    },
  });
  await sub.flush();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    pub.publish(subject, codec.encode({ value, ts: Date.now() }));
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await finished;
  s.unsubscribe();
  return (performance.now() - t0) / count;
}

export const encodingGroup: Group = {
  name: 'encoding',
  rows: CASES.map(([name, bytes]) => ({
    name,
    figure: `bus value of ~${bytes >= 1e6 ? '1 MB' : bytes >= 1e4 ? '10 KB' : '100 B'}: MessagePack instead of JSON (encode, publish, receive, decode)`,
    floor: 'JSON, as the bus does it',
    unit: 'ms/msg',
    target: { kind: 'none' as const },
  })),
  async start(only): Promise<Runner> {
    const nats = await startTestNats();
    const pub = await connectNode(nats.natsUrl, { name: 'enc-pub' });
    const sub = await connectNode(nats.natsUrl, { name: 'enc-sub' });
    const cases = CASES.filter(([name]) => !only || only.has(name)).map(([name, bytes, count]) => {
      const value = valueOf(bytes);
      return { name, value, count, json: JSON_CODEC.encode({ value, ts: 0 }).length, mp: MSGPACK.encode({ value, ts: 0 }).length };
    });
    for (const c of cases) console.log(`\n  ${c.name}: JSON ${c.json} bytes, MessagePack ${c.mp} bytes on the wire (${(c.mp / c.json).toFixed(2)}x)`);
    for (const c of cases) await through(pub, sub, MSGPACK, c.value, Math.min(c.count, 200)); // warm-up
    return {
      async round() {
        const out: Record<string, Sample> = {};
        for (const c of cases) {
          const a = await through(pub, sub, JSON_CODEC, c.value, c.count);
          const ours = await through(pub, sub, MSGPACK, c.value, c.count);
          const b = await through(pub, sub, JSON_CODEC, c.value, c.count);
          out[c.name] = { a, ours, b };
        }
        return out;
      },
      async stop() {
        await pub.close();
        await sub.close();
        await nats.stop();
      },
    };
  },
};
