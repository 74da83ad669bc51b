// Typed clients of the master and of an instance, generated from the one verb map
// (src/shared/verbs.ts): `call(verb, payload)` takes exactly the verb's request payload type
// and resolves its reply payload type, with the contract's envelope, the verb's default
// timeout, and retry with backoff on `timeout` / `unavailable` reusing the msgId.
import type { NatsConnection } from '@nats-io/nats-core';
import { requestEnvelope, call as envelopeCall, type CallOptions } from '../shared/client.js';
import { subjects } from '../shared/naming.js';
import { INSTANCE_VERB_INFO, MASTER_VERB_INFO, type InstanceVerb, type InstanceVerbMap, type MasterVerb, type MasterVerbMap, type ReplyOf, type RequestOf } from '../shared/verbs.js';
import type { ReplyEnvelope } from '../shared/types.js';
import { NatsTransport } from './transport.js';

/** Per-call options: everything of the envelope client but the clientId (the client's own). */
export type VerbCallOptions = Omit<CallOptions, 'clientId'>;

export interface ClientOptions {
  /** Defaults for every call (attempts, backoff, hop, sleep...). */
  defaults?: VerbCallOptions;
}

export interface VerbClient<M> {
  readonly clientId: string;
  /** Sends the verb; resolves the reply payload or throws the reply's error as F8Error. */
  call<V extends keyof M & string>(verb: V, payload: RequestOf<M, V>, opts?: VerbCallOptions): Promise<ReplyOf<M, V>>;
  /** Sends the verb; resolves the whole reply envelope, error replies included. */
  request<V extends keyof M & string>(verb: V, payload: RequestOf<M, V>, opts?: VerbCallOptions): Promise<ReplyEnvelope<ReplyOf<M, V>>>;
}

export type MasterClient = VerbClient<MasterVerbMap>;
export type InstanceClient = VerbClient<InstanceVerbMap> & { readonly instanceId: string };

function verbClient<M>(nc: NatsConnection, clientId: string, subjectOf: (verb: keyof M & string) => string, timeoutOf: (verb: keyof M & string) => number, opts: ClientOptions): VerbClient<M> {
  const transport = new NatsTransport(nc).send;
  const options = (verb: keyof M & string, o?: VerbCallOptions): CallOptions => ({ timeoutMs: timeoutOf(verb), ...opts.defaults, ...o, clientId });
  return {
    clientId,
    call: (verb, payload, o) => envelopeCall(transport, subjectOf(verb), payload, options(verb, o)),
    request: (verb, payload, o) => requestEnvelope(transport, subjectOf(verb), payload, options(verb, o)),
  };
}

/** The master's verbs (subjects from the naming module) as `clientId`. */
export function masterClient(nc: NatsConnection, clientId: string, opts: ClientOptions = {}): MasterClient {
  return verbClient<MasterVerbMap>(
    nc,
    clientId,
    (v: MasterVerb) => subjects.masterVerb(v),
    (v: MasterVerb) => MASTER_VERB_INFO[v].timeoutMs,
    opts,
  );
}

/** One instance's verbs (subjects from the naming module) as `clientId`. */
export function instanceClient(nc: NatsConnection, instanceId: string, clientId: string, opts: ClientOptions = {}): InstanceClient {
  const c = verbClient<InstanceVerbMap>(
    nc,
    clientId,
    (v: InstanceVerb) => subjects.instanceVerb(instanceId, v),
    (v: InstanceVerb) => INSTANCE_VERB_INFO[v].timeoutMs,
    opts,
  );
  return { ...c, instanceId };
}
