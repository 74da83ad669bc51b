// Core NATS as the project uses it: request/reply with errors mapped by type, publish,
// scatter-gather, subscriptions and raw responders owned as disposables, and serving an
// envelope Dispatcher on a subject. Implements the BusClient port of src/shared.
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import { toDisposable, type Disposable } from '../shared/disposable.js';
import type { BusClient, Logger } from '../shared/ports.js';
import type { Dispatcher } from '../shared/rpc.js';
import type { Transport } from '../shared/client.js';
import { dataProblem, requestProblem, type MessageMeta } from '../shared/receive-rule.js';
import { callerFrom, REQUEST_INFO_HEADER, type Caller } from '../shared/caller.js';
import { mapped, natsErrorCode, toBusError } from './errors.js';

/** What the receive rule needs of a NATS message. */
export function messageMeta(msg: Msg): MessageMeta {
  return { subject: msg.subject, reply: msg.reply, hasHeader: (name) => msg.headers?.has(name) === true };
}

/** The account that sent a request, as nats-server stamped it (src/shared/caller.ts). */
export function callerOf(msg: Msg): Caller {
  return callerFrom(msg.headers?.get(REQUEST_INFO_HEADER));
}

export class NatsTransport implements BusClient {
  constructor(readonly nc: NatsConnection) {}

  /** Raw request; resolves the reply bytes. `timeout` / `unavailable` / ... as F8Errors. */
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    return mapped(subject, async () => (await this.nc.request(subject, data, { timeout: timeoutMs })).data);
  }

  /** The envelope client's transport function (src/shared/client.ts). */
  get send(): Transport {
    return (subject, data, timeoutMs) => this.request(subject, data, timeoutMs);
  }

  publish(subject: string, data: Uint8Array): void {
    this.nc.publish(subject, data);
  }

  /** Every reply that arrives within `waitMs` (nobody answering is an empty list). */
  async collect(subject: string, data: Uint8Array, waitMs: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    try {
      const it = await this.nc.requestMany(subject, data, { maxWait: waitMs });
      for await (const msg of it) out.push(msg.data);
    } catch (err) {
      const code = natsErrorCode(err);
      if (code !== 'unavailable' && code !== 'timeout') throw toBusError(err, subject);
    }
    return out;
  }

  /** Calls `onMessage` for every message on `subject` (wildcards allowed). */
  subscribe(subject: string, onMessage: (data: Uint8Array, msg: Msg) => void, onError?: (err: Error) => void): Disposable {
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) onError?.(err);
        else onMessage(msg.data, msg);
      },
    });
    return toDisposable(() => sub.unsubscribe());
  }

  /**
   * Data on a bus subject: plain publishes only. A message with a reply subject or JetStream's
   * headers (a consumer's delivery or a direct get someone aimed here) is dropped and reported.
   */
  subscribeData(subject: string, onData: (data: Uint8Array) => void, onDropped: (why: string) => void, onError?: (err: Error) => void): Disposable {
    return this.subscribe(
      subject,
      (data, msg) => {
        // the data hot path: a plain publish (no reply subject, no headers) is data, and nothing
        // is built for it (no MessageMeta, no subject decoded); anything else goes through the rule
        if (!msg.reply && !msg.headers) return onData(data);
        const why = dataProblem(messageMeta(msg));
        if (why === null) onData(data);
        else onDropped(why);
      },
      onError,
    );
  }

  /**
   * Answers every request on `subject` (wildcards allowed) with `reply(data, subject)`,
   * concurrently; a null reply sends nothing, and plain publishes are ignored.
   */
  respond(subject: string, reply: (data: Uint8Array, subject: string, caller: Caller) => Uint8Array | null | Promise<Uint8Array | null>, log?: Logger): Disposable {
    return this.subscribe(
      subject,
      (data, msg) => {
        // only requests (src/shared/receive-rule.ts): deliveries, direct gets and replies sent here are dropped
        if (requestProblem(messageMeta(msg)) !== null) return;
        Promise.resolve()
          .then(() => reply(data, msg.subject, callerOf(msg)))
          .then((out) => {
            if (out !== null) msg.respond(out);
          })
          .catch((e: unknown) => log?.error(`handling ${msg.subject}: ${(e as Error).message}`));
      },
      (err) => log?.error(`subscription ${subject}: ${err.message}`),
    );
  }

  /** Serves a dispatcher; `verbOf` maps a request's subject to the dispatcher's verb (null: ignore). */
  serve<C>(subject: string, dispatcher: Dispatcher<C>, ctx: C, verbOf: (subject: string) => string | null, log: Logger): Disposable {
    return this.respond(
      subject,
      (data, s, caller) => {
        const verbName = verbOf(s);
        return verbName === null ? null : dispatcher.handle(verbName, data, ctx, caller);
      },
      log,
    );
  }

  flush(): Promise<void> {
    return mapped('flush', () => this.nc.flush());
  }
}
