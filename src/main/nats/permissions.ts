// Least privilege per instance, from the compiled graph (seed 002): each instance connects as its
// own NATS user that may publish its own bus subjects, use its own bucket, read the buckets its
// state half-edges name and the master's lease record, subscribe its input subjects, its verbs
// and `$SRV`, register, and receive replies only on its own inbox prefix. Nothing else.
import { buckets, instanceInbox, kvApi, subjects } from '../../shared/naming.js';

export { instanceInbox };
import type { HalfEdge } from '../../shared/types.js';

export interface InstanceGrant {
  instanceId: string;
  publish: string[];
  subscribe: string[];
}

export const instanceUser = (instanceId: string): string => `f8-svc-${instanceId}`;

export function instanceGrant(instanceId: string, halfEdges: readonly HalfEdge[] = []): InstanceGrant {
  const publish = new Set<string>([subjects.masterVerb('registry.register'), subjects.masterVerb('registry.unregister'), kvApi.info, ...kvApi.write(buckets.instance(instanceId)), ...kvApi.read(buckets.master)]);
  const subscribe = new Set<string>([subjects.instanceWildcard(instanceId), subjects.srvWildcard, `${instanceInbox(instanceId)}.>`]);
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
    }
  }
  return { instanceId, publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

/** The grant as nats-server config (replies to requests it received are allowed: allow_responses). */
export function renderGrant(g: InstanceGrant, password: string): string {
  const q = (s: string): string => JSON.stringify(s);
  return `    { user: ${q(instanceUser(g.instanceId))}, password: ${q(password)}, permissions: { publish: { allow: [${g.publish.map(q).join(', ')}] }, subscribe: { allow: [${g.subscribe.map(q).join(', ')}] }, allow_responses: true } }`;
}
