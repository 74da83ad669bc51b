// NATS micro services (the `$SRV` protocol) through @nats-io/services: an instance serves its
// verbs as a micro service named by its instanceId; the master pings one by name (health) or
// all of them (discovery of orphans).
import type { NatsConnection } from '@nats-io/nats-core';
import { Svcm, type Service, type ServiceIdentity } from '@nats-io/services';
import { toDisposable, type Disposable } from '../shared/disposable.js';
import type { Logger } from '../shared/ports.js';
import { requestProblem } from '../shared/receive-rule.js';
import type { Caller } from '../shared/caller.js';
import { natsErrorCode, toBusError } from './errors.js';
import { callerOf, messageMeta } from './transport.js';
import { subjects } from '../shared/naming.js';

const EMPTY = new Uint8Array(0);
const dec = new TextDecoder();

export type { ServiceIdentity };

/** Collects a `$SRV` query; nobody answering is an empty list, never an error. */
async function gather<T>(what: string, query: () => Promise<AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const r of await query()) out.push(r);
  } catch (err) {
    const code = natsErrorCode(err);
    if (code !== 'unavailable' && code !== 'timeout') {
      // a reply that is not JSON ends the iterator with a SyntaxError: keep what came before
      if (err instanceof SyntaxError) return out;
      throw toBusError(err, what);
    }
  }
  return out;
}

/** Pings the micro service called `name` (first answer wins); null when nobody answers in time. */
export async function pingService(nc: NatsConnection, name: string, timeoutMs: number): Promise<ServiceIdentity | null> {
  // one request on the connection's shared reply subscription: the health prober sends ten of
  // these every two seconds, and a services client opens and closes a subscription for each
  const t0 = Date.now();
  try {
    const m = await nc.request(subjects.srvPing(name), EMPTY, { timeout: timeoutMs });
    const r = JSON.parse(dec.decode(m.data)) as ServiceIdentity;
    return r && typeof r === 'object' && r.name === name ? r : null;
  } catch {
    // nobody there ("no responders" comes at once): a miss is known when the wait is over, as before
    const left = t0 + timeoutMs - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    return null;
  }
}

/** Every micro service that answers a PING within `waitMs`. */
export function discoverServices(nc: NatsConnection, waitMs: number): Promise<ServiceIdentity[]> {
  return gather('$SRV PING', () => new Svcm(nc).client({ strategy: 'timer', maxWait: waitMs }).ping());
}

export interface MicroServiceSpec {
  name: string;
  version: string;
  description?: string;
  metadata: Record<string, string>;
  /** endpoint name -> subject and raw handler (its bytes are the reply). */
  endpoints: { name: string; subject: string; handle: (data: Uint8Array, caller: Caller) => Promise<Uint8Array> }[];
}

/** Starts a micro service whose endpoints use no queue group; disposing stops it. */
export async function addMicroService(nc: NatsConnection, spec: MicroServiceSpec, log?: Logger): Promise<Disposable & { service: Service }> {
  const service = await new Svcm(nc).add({
    name: spec.name,
    version: spec.version,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    metadata: spec.metadata,
    queue: '',
  });
  for (const ep of spec.endpoints) {
    service.addEndpoint(ep.name, {
      subject: ep.subject,
      queue: '',
      handler: (err, msg) => {
        if (err) {
          log?.error(`endpoint ${ep.subject}: ${err.message}`);
          return;
        }
        const why = requestProblem(messageMeta(msg), ep.subject);
        if (why !== null) {
          log?.warn(`endpoint ${ep.subject}: a message was dropped: ${why}`);
          return;
        }
        ep.handle(msg.data, callerOf(msg)).then(
          (reply) => msg.respond(reply),
          (e: unknown) => log?.error(`endpoint ${ep.subject}: ${(e as Error).message}`),
        );
      },
    });
  }
  const d = toDisposable(async () => {
    await service.stop().catch(() => {});
  });
  return { service, dispose: () => d.dispose() };
}
