// The renderer's link to the master: NATS over WebSocket, the contract's envelope. Replies are
// validated (precompiled ajv validators, installed in main.tsx) before anything uses them.
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { buildRequest, encodeJson, parseReply, unwrapReply } from '../../shared/envelope';
import { F8Error } from '../../shared/errors';
import { subjects, type MasterVerb } from '../../shared/naming';

export interface MasterLink {
  nc: NatsConnection;
  clientId: string;
  call<P>(verb: MasterVerb, payload: unknown, timeoutMs?: number): Promise<P>;
  close(): Promise<void>;
}

export async function connectMaster(wsUrl: string, clientId: string): Promise<MasterLink> {
  const nc = await wsconnect({ servers: wsUrl, name: `f8-editor-${clientId}`, maxReconnectAttempts: -1 });
  return {
    nc,
    clientId,
    async call<P>(verb: MasterVerb, payload: unknown, timeoutMs = 2000): Promise<P> {
      const req = buildRequest(payload, { clientId });
      const msg = await nc.request(subjects.masterVerb(verb), encodeJson(req), { timeout: timeoutMs });
      const reply = parseReply<P>(msg.data);
      if (reply.msgId !== req.msgId) throw new F8Error('internal', 'reply does not answer this request');
      return unwrapReply(reply);
    },
    close: () => nc.close(),
  };
}
