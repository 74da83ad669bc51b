// The instance verbs on NATS (split out of host.ts): a micro service named by the instanceId
// with one endpoint per verb, a catch-all that answers not-found for a verb nobody serves, and
// the `cmd` verb's run of one of the manifest's commands.
import type { NatsConnection } from '@nats-io/nats-core';
import { addMicroService, type NatsTransport } from '../bus/index.js';
import type { Caller } from '../shared/caller.js';
import type { Disposable } from '../shared/disposable.js';
import { F8Error, invalid, notFound } from '../shared/errors.js';
import { runTag, subjects } from '../shared/naming.js';
import { Dispatcher, type Handler } from '../shared/rpc.js';
import { validateValue } from '../shared/schemas.js';
import type { CmdRequest, Manifest } from '../shared/types.js';
import { INSTANCE_VERBS, type InstanceVerb } from '../shared/verbs.js';
import type { ServiceContext, ServiceDefinition } from './types.js';

export interface VerbService {
  nc: NatsConnection;
  transport: NatsTransport;
  instanceId: string;
  runId: string;
  manifest: Manifest;
  handlers: Record<InstanceVerb, Handler<null>>;
  /** A handler threw: counted and logged by the host. */
  onError(err: unknown, verb: string): void;
}

/** Serves the verbs; the host owns what this returns until it stops. */
export async function serveInstanceVerbs(s: VerbService): Promise<Disposable[]> {
  const dispatcher = new Dispatcher<null>({ handlers: s.handlers, onError: s.onError, maxReplyBytes: () => s.nc.info?.max_payload ?? 1024 * 1024 });
  const service = await addMicroService(s.nc, {
    name: s.instanceId,
    version: s.manifest.version,
    description: s.manifest.label,
    metadata: { serviceClass: s.manifest.serviceClass, instanceId: s.instanceId, runTag: runTag(s.runId) },
    endpoints: INSTANCE_VERBS.map((v: InstanceVerb) => ({
      name: v,
      subject: subjects.instanceVerb(s.instanceId, v),
      handle: (data: Uint8Array, caller: Caller) => dispatcher.handle(v, data, null, caller),
    })),
  });
  // a verb nobody serves is answered not-found (NATS "no responders" would read as a retryable unavailable)
  const all = subjects.instanceWildcard(s.instanceId);
  const prefix = all.slice(0, -1);
  const unknownVerbs = s.transport.respond(all, (data, subject, caller) =>
    (INSTANCE_VERBS as readonly string[]).includes(subject.slice(prefix.length)) ? null : dispatcher.handle(subject.slice(prefix.length), data, null, caller),
  );
  return [service, unknownVerbs];
}

/**
 * The `cmd` verb: the manifest must declare the command and the service define it; params are
 * checked against the manifest's schema. A deliberate F8Error is the command's answer; anything
 * else it throws is also reported to `failed` (a failure of its code).
 */
export async function runCommand(manifest: Manifest, def: ServiceDefinition, ctx: ServiceContext, p: CmdRequest, failed: (err: unknown) => void): Promise<{ result: unknown }> {
  const spec = (manifest.commands ?? []).find((c) => c.name === p.command);
  const fn = def.commands?.[p.command];
  if (!spec || !fn) throw notFound(`unknown command '${p.command}'; commands: ${(manifest.commands ?? []).map((c) => c.name).join(', ') || 'none'}`);
  if (spec.params) {
    const r = validateValue(spec.params, p.params ?? {});
    if (!r.ok) throw invalid(`params of '${p.command}': ${r.message}`);
  }
  try {
    return { result: (await fn(p.params ?? {}, ctx)) ?? null };
  } catch (err) {
    if (!(err instanceof F8Error)) failed(err);
    throw err;
  }
}
