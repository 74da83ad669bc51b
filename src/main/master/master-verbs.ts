// The master's verbs (f8.master.<verb>): what each one does with the master's parts, and the
// lease check in front of the mutating ones. master.ts builds the parts and serves these.
import type { NatsConnection } from '@nats-io/nats-core';
import { discoverServices } from '../../bus/index.js';
import { errorReplyFrom } from '../../shared/envelope.js';
import { invalid, toF8Error, unauthorized } from '../../shared/errors.js';
import { MUTATING_MASTER_VERBS } from '../../shared/naming.js';
import { verbHandlers, type Handler } from '../../shared/rpc.js';
import { MASTER_VERB_INFO, type MasterVerbMap } from '../../shared/verbs.js';
import type { Clock } from '../../shared/disposable.js';
import type { InstancesReply, RequestEnvelope } from '../../shared/types.js';
import type { Grants } from './authority.js';
import { catalogPage } from './catalog/catalog-page.js';
import type { Catalog } from './catalog/catalog.js';
import type { Deployer } from './deploy/deploy.js';
import type { Lease } from './lease/lease.js';
import type { Lifecycle } from './lifecycle.js';
import { registryCaller } from './registry/callers.js';
import type { Registry } from './registry/registry.js';

export const PROFILES = ['default'] as const;

/** nats-server's default max_payload, when the server did not say. */
const FALLBACK_MAX_PAYLOAD = 1024 * 1024;

/** The largest message the server takes (its max_payload). */
export const maxPayload = (nc: NatsConnection): number => nc.info?.max_payload ?? FALLBACK_MAX_PAYLOAD;

/** What the verbs work with. */
export interface VerbParts {
  nc: NatsConnection;
  clock: Clock;
  lease: Lease;
  catalog: Catalog;
  registry: Registry;
  lifecycle: Lifecycle;
  deployer: Deployer;
  grants: Grants;
  maxInstances: number;
  /** The verbs served (ping's capabilities). */
  capabilities(): string[];
  /** The lease may have changed hands: write its record. */
  leaseChanged(): void;
}

/** The handler of every master verb; the mutating ones check the lease first. */
export function masterVerbHandlers<C>(parts: VerbParts): Record<string, Handler<C>> {
  const h: Record<string, Handler<C>> = verbHandlers<MasterVerbMap, C>(
    MASTER_VERB_INFO,
    {
      ping: (_ctx, p, req) => {
        if (p.clientId !== req.clientId) throw invalid(`payload clientId '${p.clientId}' must equal the envelope's clientId '${req.clientId}'`);
        const profile = p.requestedProfile ?? 'default';
        if (!(PROFILES as readonly string[]).includes(profile)) throw invalid(`requestedProfile '${profile}' is unknown; profiles: ${PROFILES.join(', ')}`);
        if (p.release === true) {
          // give it back (only the holder can); the reply tells who holds it now ('' and 0: nobody)
          parts.lease.release(p.clientId);
          parts.leaseChanged();
          const now = parts.lease.current();
          return { capabilities: parts.capabilities(), profile, leaseTtlMs: parts.lease.ttlMs, holder: now?.holder ?? '', expiresAt: now?.expiresAt ?? 0, maxInstances: parts.maxInstances };
        }
        const lease = parts.lease.acquire(p.clientId, p.takeover === true);
        parts.leaseChanged();
        return { capabilities: parts.capabilities(), profile, leaseTtlMs: parts.lease.ttlMs, holder: lease.holder, expiresAt: lease.expiresAt, maxInstances: parts.maxInstances };
      },
      // in pages when asked; over max_payload unpaged: `invalid` saying how to page (catalog/catalog-page.ts)
      catalog: (_ctx, p, req) => catalogPage(parts.catalog.entries(), parts.catalog.errors(), p, replyRoom(parts.nc, req)),
      instances: async () => {
        const known = new Set(parts.registry.ids());
        const found = await discoverServices(parts.nc, 250);
        const orphans: InstancesReply['orphans'] = [];
        for (const s of found) {
          const id = s.metadata?.instanceId ?? s.name;
          if (!id || known.has(id) || orphans.some((o) => o.instanceId === id)) continue;
          const o: InstancesReply['orphans'][number] = { instanceId: id };
          if (s.metadata?.serviceClass) o.serviceClass = s.metadata.serviceClass;
          orphans.push(o);
        }
        return { instances: parts.registry.list(), orphans };
      },
      startInstance: (_ctx, p) => parts.lifecycle.start(p),
      stopInstance: async (_ctx, p) => {
        await parts.lifecycle.stop(p.instanceId);
        return {};
      },
      restartInstance: (_ctx, p) => parts.lifecycle.restart(p.instanceId),
      logs: (_ctx, p) => parts.lifecycle.logs(p.instanceId, p.lines),
      deployGraph: (_ctx, p, req) => parts.deployer.deploy(p, req.clientId),
      planGraph: (_ctx, p) => parts.deployer.plan(p),
      history: (_ctx, p) => parts.deployer.history(p.limit),
      graphAt: (_ctx, p) => parts.deployer.graphAt(p.revision),
      stopGraph: () => parts.deployer.stopGraph(),
      'registry.register': async (_ctx, p, _req, caller) => {
        const who = registryCaller(parts.grants.enabled, caller, 'register', p.instanceId, p.instanceId === undefined ? undefined : parts.registry.get(p.instanceId));
        if (who.problem) throw unauthorized(who.problem);
        const r = await parts.registry.register(p, who.launchedBy);
        // its account (launched) or its exports from SVC (by hand), before it is answered
        await parts.grants.grant([{ instanceId: r.instanceId }]);
        return r;
      },
      'registry.unregister': async (_ctx, p, _req, caller) => {
        const who = registryCaller(parts.grants.enabled, caller, 'unregister', p.instanceId, parts.registry.get(p.instanceId));
        if (who.problem) throw unauthorized(who.problem);
        const external = parts.registry.get(p.instanceId)?.launchedBy === 'external';
        await parts.registry.unregister(p);
        if (external) await parts.grants.revoke([p.instanceId]);
        return {};
      },
    },
    parts.clock,
  );
  for (const name of MUTATING_MASTER_VERBS) {
    const inner = h[name];
    if (inner) h[name] = withLease(parts, inner);
  }
  return h;
}

/** Bytes a reply payload may take: the server's max_payload less the reply envelope around it (which echoes the request's ids and headers). */
function replyRoom(nc: NatsConnection, req: RequestEnvelope): number {
  return maxPayload(nc) - Buffer.byteLength(JSON.stringify({ ...req, payload: null, status: 'error', errorCode: 'unavailable' })) - 256;
}

/** Mutating verbs need the caller to hold the lease. */
function withLease<C>(parts: Pick<VerbParts, 'lease' | 'clock'>, inner: Handler<C>): Handler<C> {
  return async (ctx, req, caller) => {
    try {
      parts.lease.check(req.clientId);
    } catch (err) {
      return errorReplyFrom(req, toF8Error(err), parts.clock.now());
    }
    return inner(ctx, req, caller);
  };
}
