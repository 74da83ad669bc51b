// One trivial responder of the deploy floor, in its own process as each engine is (bench/rows/deploy.ts
// starts ten): on `bench.floor.eng<K>` it parses the request, writes the subgraph, the asked number
// of state keys and status/summary into its own KV bucket, then answers. It prints `ready` once it
// listens and exits on `quit` (or when stdin closes).
import { createInterface } from 'node:readline';
import { Kvm } from '@nats-io/kv';
import { connectNode } from '../../src/bus/node.js';

const [url = '', k = '0'] = process.argv.slice(2);
const enc = new TextEncoder();
const dec = new TextDecoder();

interface FloorRequest {
  subgraph: { state: Record<string, Record<string, unknown>> };
  states: number;
}

// the same connection options as a service's (no Error built up front for each request)
const nc = await connectNode(url, { name: `floor-${k}`, noAsyncTraces: true });
const kv = await new Kvm(nc).create(`kv_bfloor_${k}`);
nc.subscribe(`bench.floor.eng${k}`, {
  callback: (_e, m) => {
    void (async () => {
      const req = JSON.parse(dec.decode(m.data)) as FloorRequest;
      const puts: Promise<unknown>[] = [kv.put('graph', enc.encode(JSON.stringify(req.subgraph)))];
      let n = 0;
      for (const [nodeId, fields] of Object.entries(req.subgraph.state)) {
        for (const [field, value] of Object.entries(fields)) {
          if (n++ >= req.states) break;
          puts.push(kv.put(`nodes.${nodeId}.state.${field}`, enc.encode(JSON.stringify({ value, source: 'topology', actor: 'bench', ts: Date.now() }))));
        }
      }
      await Promise.all(puts);
      await kv.put('status/summary', enc.encode(JSON.stringify({ status: 'activated', graphRevision: 1, ts: Date.now() })));
      m.respond(enc.encode('{"graphRevision":1}'));
    })();
  },
});
await nc.flush();
process.stdout.write('ready\n');

const quit = async () => {
  await nc.close();
  process.exit(0);
};
createInterface({ input: process.stdin })
  .on('line', (l) => void (l === 'quit' && quit()))
  .on('close', () => void quit());
