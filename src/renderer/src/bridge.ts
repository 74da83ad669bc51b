// The renderer's link to the master: NATS over WebSocket, the contract's envelope.
// Replies are checked for the envelope shape here; full ajv validation in the renderer waits
// for precompiled validators (ajv compiles with `new Function`, which the CSP forbids).
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { buildRequest } from '../../shared/envelope';
import { F8Error, isErrorCode } from '../../shared/errors';
import { subjects, type MasterVerb } from '../../shared/naming';

const enc = new TextEncoder();
const dec = new TextDecoder();

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
      const msg = await nc.request(subjects.masterVerb(verb), enc.encode(JSON.stringify(req)), { timeout: timeoutMs });
      const reply = JSON.parse(dec.decode(msg.data)) as { status?: string; errorCode?: string; errorMessage?: string; payload?: unknown; msgId?: string };
      if (reply.msgId !== req.msgId) throw new F8Error('internal', 'reply does not answer this request');
      if (reply.status === 'ok') return reply.payload as P;
      throw new F8Error(isErrorCode(reply.errorCode) ? reply.errorCode : 'internal', reply.errorMessage ?? 'error', { payload: reply.payload });
    },
    close: () => nc.close(),
  };
}
