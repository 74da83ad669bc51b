// Type-level checks of the typed clients: `npm run typecheck` compiles this file, and every
// `@ts-expect-error` below must meet an error, so the build fails if a wrong payload or a
// wrong reply use ever type-checks. Nothing here runs.
import type { NatsConnection } from '@nats-io/nats-core';
import { instanceClient, masterClient } from './clients.js';

export async function typedClientChecks(nc: NatsConnection): Promise<void> {
  const master = masterClient(nc, 'types');
  const pong = await master.call('ping', { clientId: 'types' });
  const holder: string = pong.holder;
  // @ts-expect-error -- ping needs its clientId
  await master.call('ping', {});
  // @ts-expect-error -- instanceId is a string
  await master.call('stopInstance', { instanceId: 3 });
  // @ts-expect-error -- not a master verb
  await master.call('setState', { nodeId: 'n', field: 'f', value: 1 });
  const deployed = await master.call('deployGraph', { graph: {} });
  // @ts-expect-error -- the reply is typed: revision is a number
  const rev: string = deployed.revision;

  const inst = instanceClient(nc, 'sig', 'types');
  await inst.call('setState', { nodeId: 'sig', field: 'rate', value: 2 });
  // @ts-expect-error -- setState needs nodeId and field
  await inst.call('setState', { value: 2 });
  // @ts-expect-error -- not an instance verb
  await inst.call('deployGraph', { graph: {} });
  const s = await inst.call('status', {});
  // @ts-expect-error -- status is a lifecycle word, not a number
  const n: number = s.status;
  void [holder, rev, n];
}
