// A master client for the CLI: connects to NATS and calls verbs with the envelope protocol.
import { connectNats, natsErrorToF8 } from '../main/master/bus/nats.js';
import { call, type Transport } from '../shared/client.js';
import { subjects, type MasterVerb } from '../shared/naming.js';
import { shortHash } from '../shared/hash.js';
import type { NatsConnection } from '@nats-io/nats-core';

export interface MasterClient {
  clientId: string;
  nc: NatsConnection;
  call<P>(verb: MasterVerb, payload: unknown, timeoutMs?: number): Promise<P>;
  close(): Promise<void>;
}

export async function connectMaster(natsUrl: string, clientId = `cli-${shortHash(globalThis.crypto.randomUUID(), 10)}`): Promise<MasterClient> {
  const nc = await connectNats(natsUrl, clientId);
  const transport: Transport = async (s, d, t) => {
    try {
      return (await nc.request(s, d, { timeout: t })).data;
    } catch (err) {
      throw natsErrorToF8(err, s);
    }
  };
  return {
    clientId,
    nc,
    call: (verb, payload, timeoutMs = 2_000) => call(transport, subjects.masterVerb(verb), payload, { clientId, timeoutMs, attempts: 3 }),
    close: async () => {
      await nc.drain().catch(() => nc.close());
    },
  };
}
