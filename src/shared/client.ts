// The client side of the envelope protocol, over any transport: build the envelope, send,
// parse the reply, retry with backoff on `timeout` / `unavailable` reusing the msgId (so the
// server's dedup makes the effect happen once). Every other error is terminal.
import { buildRequest, encodeJson, newId, parseReply, unwrapReply } from './envelope.js';
import { F8Error, isRetryable } from './errors.js';
import type { ReplyEnvelope } from './types.js';

/** Sends bytes, resolves the reply bytes; throws F8Error `timeout` / `unavailable` on transport failures. */
export type Transport = (subject: string, data: Uint8Array, timeoutMs: number) => Promise<Uint8Array>;

export const DEFAULT_TIMEOUT_MS = 2_000;

export interface CallOptions {
  clientId: string;
  timeoutMs?: number;
  /** Attempts in all (default 1: no retry). */
  attempts?: number;
  /** First backoff delay; doubles per retry (default 100 ms). */
  backoffMs?: number;
  msgId?: string;
  traceId?: string;
  hop?: number;
  /** Waits between attempts (default timerSleep); tests pass their own clock. */
  sleep?: (ms: number) => Promise<void>;
}

/** The default wait between attempts: the one timer of this module (no other timing logic here). */
const timerSleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

/** Sends one request and returns the whole reply envelope (error replies included). */
export async function requestEnvelope<P>(transport: Transport, subject: string, payload: unknown, opts: CallOptions): Promise<ReplyEnvelope<P>> {
  const attempts = Math.max(1, opts.attempts ?? 1);
  const sleep = opts.sleep ?? timerSleep;
  const request = buildRequest(payload, {
    clientId: opts.clientId,
    msgId: opts.msgId ?? newId(),
    traceId: opts.traceId ?? newId(),
    ...(opts.hop !== undefined ? { hop: opts.hop } : {}),
  });
  let delay = opts.backoffMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await transport(subject, encodeJson({ ...request, ts: new Date().toISOString() }), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const reply = parseReply<P>(data);
      if (reply.msgId !== request.msgId) throw new F8Error('internal', `the reply on ${subject} answers message ${reply.msgId}, not ${request.msgId}`);
      if (reply.status === 'error' && reply.errorCode && isRetryable(reply.errorCode) && attempt < attempts) throw new F8Error(reply.errorCode, reply.errorMessage ?? '');
      return reply;
    } catch (err) {
      const retry = err instanceof F8Error && isRetryable(err.code) && attempt < attempts;
      if (!retry) throw err;
      await sleep(delay);
      delay *= 2;
    }
  }
}

/** Sends one request; resolves the reply payload or throws the reply's error as F8Error. */
export async function call<P>(transport: Transport, subject: string, payload: unknown, opts: CallOptions): Promise<P> {
  return unwrapReply(await requestEnvelope<P>(transport, subject, payload, opts));
}
