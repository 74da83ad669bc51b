// Transport-agnostic request handling: handlers are `(ctx, envelope) -> reply`; the NATS
// adapter and any gateway call the same dispatcher.
import { DedupCache } from './dedup.js';
import { encodeJson, errorReply, errorReplyFrom, okReply, parseRequest, MAX_ENVELOPE_BYTES } from './envelope.js';
import { F8Error, toF8Error } from './errors.js';
import { validate, type SchemaName } from './schemas.js';
import { systemClock, type Clock } from './disposable.js';
import type { ReplyEnvelope, RequestEnvelope } from './types.js';
import { UNSTAMPED, type Caller } from './caller.js';
import type { ReplyOf, RequestOf, VerbInfo } from './verbs.js';

/** `caller`: the calling account as the server stamped it (src/shared/caller.ts). */
export type Handler<C> = (ctx: C, request: RequestEnvelope, caller: Caller) => Promise<ReplyEnvelope>;

/**
 * A handler from a payload function: the payload is validated against `schema` (an `invalid`
 * reply names the field), the result becomes the reply payload, a thrown F8Error its error.
 */
export function verb<C, P, R>(schema: SchemaName | null, fn: (ctx: C, payload: P, request: RequestEnvelope, caller: Caller) => R | Promise<R>, clock: Clock = systemClock): Handler<C> {
  return async (ctx, request, caller) => {
    try {
      let payload = request.payload as P;
      if (schema !== null) {
        const result = validate<P>(schema, request.payload);
        if (!result.ok) throw new F8Error('invalid', `payload ${result.message}`, { payload: { issues: result.issues } });
        payload = result.value;
      }
      const out = await fn(ctx, payload, request, caller);
      return okReply(request, out ?? {}, clock.now());
    } catch (err) {
      return errorReplyFrom(request, toF8Error(err), clock.now());
    }
  };
}

/** One payload function per verb of a verb map, typed by it: the request in, the reply out. */
export type VerbFns<M, C> = {
  [V in keyof M & string]: (ctx: C, payload: RequestOf<M, V>, request: RequestEnvelope, caller: Caller) => ReplyOf<M, V> | Promise<ReplyOf<M, V>>;
};

/** Handlers for every verb of a verb map, each validating its payload with the verb's schema. */
export function verbHandlers<M, C>(info: { [V in keyof M & string]: VerbInfo<SchemaName> }, fns: VerbFns<M, C>, clock: Clock = systemClock): Record<keyof M & string, Handler<C>> {
  const out = {} as Record<keyof M & string, Handler<C>>;
  for (const name of Object.keys(info) as (keyof M & string)[]) out[name] = verb(info[name].schema, fns[name], clock);
  return out;
}

export interface DispatcherOptions<C> {
  handlers: Record<string, Handler<C>>;
  dedup?: DedupCache;
  clock?: Clock;
  maxEnvelopeBytes?: number;
  /** The largest reply the transport carries (NATS max_payload); a bigger one is answered with an error instead. */
  maxReplyBytes?: () => number;
  /** Called with internal errors (a handler that threw instead of replying). */
  onError?: (err: unknown, verbName: string) => void;
}

export class Dispatcher<C> {
  private readonly handlers: Map<string, Handler<C>>;
  private readonly dedup: DedupCache;
  private readonly clock: Clock;
  private readonly maxBytes: number;
  private readonly onError: (err: unknown, verbName: string) => void;
  private readonly maxReplyBytes: (() => number) | undefined;

  constructor(opts: DispatcherOptions<C>) {
    this.handlers = new Map(Object.entries(opts.handlers));
    this.clock = opts.clock ?? systemClock;
    this.dedup = opts.dedup ?? new DedupCache({ clock: this.clock });
    this.maxBytes = opts.maxEnvelopeBytes ?? MAX_ENVELOPE_BYTES;
    this.onError = opts.onError ?? (() => {});
    this.maxReplyBytes = opts.maxReplyBytes;
  }

  get verbs(): string[] {
    return [...this.handlers.keys()];
  }

  /** Handles one raw request for `verbName`; always resolves to an encoded reply. */
  handle(verbName: string, data: Uint8Array | string, ctx: C, caller: Caller = UNSTAMPED): Promise<Uint8Array> {
    const parsed = parseRequest(data, this.maxBytes);
    if (!parsed.ok) return Promise.resolve(encodeJson(errorReplyFrom(parsed.echo, parsed.error, this.clock.now())));
    const request = parsed.request;
    const key = DedupCache.key(verbName, caller.account ?? '', request.clientId, request.msgId);
    return this.dedup.run(key, async () => this.encode(verbName, request, await this.invoke(verbName, request, ctx, caller)));
  }

  /** The encoded reply, or an error reply when it would not fit in one NATS message (it would go silent). */
  private encode(verbName: string, request: RequestEnvelope, reply: ReplyEnvelope): Uint8Array {
    const out = encodeJson(reply);
    const max = this.maxReplyBytes?.();
    if (max === undefined || out.length <= max) return out;
    const err = new F8Error('internal', `the reply to '${verbName}' would be ${out.length} bytes, over the ${max}-byte NATS max_payload; nothing was sent`, {
      payload: { replyBytes: out.length, maxPayload: max },
    });
    this.onError(err, verbName);
    return encodeJson(errorReplyFrom(request, err, this.clock.now()));
  }

  private async invoke(verbName: string, request: RequestEnvelope, ctx: C, caller: Caller): Promise<ReplyEnvelope> {
    const handler = this.handlers.get(verbName);
    if (!handler) {
      return errorReply(request, 'not-found', `unknown verb '${verbName}'; known verbs: ${this.verbs.join(', ')}`, null, this.clock.now());
    }
    try {
      return await handler(ctx, request, caller);
    } catch (err) {
      this.onError(err, verbName);
      return errorReplyFrom(request, toF8Error(err), this.clock.now());
    }
  }
}
