// Least privilege per instance, from the compiled graph (seed 002): each instance connects as its
// own NATS user that may publish its own bus subjects, use its own bucket, read the buckets its
// state half-edges name and the master's lease record, subscribe its input subjects, its verbs
// and `$SRV`, register, and receive replies only on its own inbox prefix. Nothing else.
import { buckets, EDITOR_INBOX, instanceInbox, keys, kvApi, kvRepublishSubject, SERVICES_INBOX, subjects } from '../../shared/naming.js';

export { instanceInbox };
import type { HalfEdge } from '../../shared/types.js';

export interface InstanceGrant {
  instanceId: string;
  publish: string[];
  subscribe: string[];
}

export const instanceUser = (instanceId: string): string => `f8-svc-${instanceId}`;

export function instanceGrant(instanceId: string, halfEdges: readonly HalfEdge[] = []): InstanceGrant {
  // its own bucket's keys, never its stream's settings (subjects, limits, sources): the master
  // creates the bucket with its limits before the launch
  const own = buckets.instance(instanceId);
  const publish = new Set<string>([subjects.masterVerb('registry.register'), subjects.masterVerb('registry.unregister'), kvApi.info, ...kvApi.keys(own), ...kvApi.read(buckets.master), kvApi.storeInfo(own)]);
  // `$SRV` under its own name only: answering another instance's PING would hide that one's death
  const subscribe = new Set<string>([subjects.instanceWildcard(instanceId), ...subjects.srvOwn(instanceId), `${instanceInbox(instanceId)}.>`, kvRepublishSubject(own), kvRepublishSubject(buckets.master, keys.lease)]);
  for (const h of halfEdges) {
    if (h.kind === 'data' && h.subject) {
      if (h.direction === 'out') {
        publish.add(h.subject);
        subscribe.add(subjects.busGetOf(h.subject));
      } else {
        subscribe.add(h.subject);
        publish.add(subjects.busGetOf(h.subject));
      }
    } else if (h.kind === 'state' && h.direction === 'in' && h.bucket) {
      for (const x of kvApi.read(h.bucket)) publish.add(x);
      subscribe.add(kvRepublishSubject(h.bucket));
    }
  }
  return { instanceId, publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

/** The grant as nats-server config (replies to requests it received are allowed: allow_responses). */
export function renderGrant(g: InstanceGrant, password: string): string {
  const q = (s: string): string => JSON.stringify(s);
  return `    { user: ${q(instanceUser(g.instanceId))}, password: ${q(password)}, permissions: { publish: { allow: [${g.publish.map(q).join(', ')}] }, subscribe: { allow: [${g.subscribe.map(q).join(', ')}] }, allow_responses: true } }`;
}

/**
 * The editor's user: what its UI does, nothing more. Master verbs (one token after `f8.master.`,
 * so not `registry.*`, `events.*` or `logs.*`), instance verbs but deployOpGraph and terminate,
 * data on the bus, reading any bucket by request/reply (info, gets) and its republished writes;
 * no consumers, no JetStream administration, no KV writes. It listens only under its own inbox,
 * the bus, the republished writes and the master's events and logs.
 */
export function editorPermissions(): { publish: { allow: string[]; deny: string[] }; subscribe: { allow: string[] } } {
  return {
    publish: {
      allow: [
        subjects.anyVerb, // master verbs and instance verbs (f8.<id>.<verb>), and bus data (f8.bus.<busId>)
        subjects.busGetAny,
        kvApi.info,
        ...kvApi.readAny(),
        kvApi.storeInfo(),
      ],
      deny: [subjects.anyInstanceVerb('deployOpGraph'), subjects.anyInstanceVerb('terminate')],
    },
    subscribe: { allow: [`${EDITOR_INBOX}.>`, subjects.busAll, kvRepublishSubject('*'), subjects.masterEventsAll, subjects.masterLogsAll] },
  };
}

/** The master's own buckets: the shared service user neither writes them nor reads the registry. */
const MASTER_BUCKETS = [buckets.master, buckets.services, buckets.instances] as const;

/**
 * The shared service user (services started by hand, whose ids nobody knows in advance): register
 * and unregister, serve any instance's verbs and `$SRV` but not the master's, publish and read bus
 * data, and use instance buckets (keys only: the master creates each at `register`). No master
 * bucket writes, no registry reads (the runIds unregister needs are there), no consumers, no
 * JetStream administration; it listens under its own inbox only.
 */
export function servicePermissions(): { publish: { allow: string[]; deny: string[] }; subscribe: { allow: string[]; deny: string[] } } {
  return {
    publish: {
      allow: [
        subjects.masterVerb('registry.register'),
        subjects.masterVerb('registry.unregister'),
        subjects.busAny,
        subjects.busGetAny,
        kvApi.writes(),
        kvApi.info,
        ...kvApi.readAny(),
        kvApi.storeInfo(),
      ],
      deny: [...MASTER_BUCKETS.map((b) => kvApi.writes(b)), ...kvApi.read(buckets.instances)],
    },
    subscribe: {
      allow: [`${SERVICES_INBOX}.>`, subjects.anyInstanceAll, subjects.srvAll, kvRepublishSubject('*')],
      deny: [`${subjects.masterPrefix}>`, kvRepublishSubject(buckets.instances)],
    },
  };
}
