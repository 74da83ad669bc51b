// The attacker's bench (issue 21): a real master with a real nats-server, the demo's shape
// deployed (a signal feeding four loggers, launched as processes by the master), and connections
// as each identity with its real credentials: an instance's own user (its own NATS account), the
// editor's user (the ED account), the shared service user (SVC). Every security test attacks as
// one of them and checks that nothing changed.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectionOptions } from '../bus/connection.js';
import { processAlive, repoServicesDir, startMasterFixture, type MasterFixture } from '../main/master/testing.js';
import type { MasterOptions } from '../main/master/master.js';
import { NATS_USERS } from '../main/nats/secrets.js';
import { instanceInbox, subjects } from '../shared/naming.js';
import { call } from '../shared/client.js';
import { NatsTransport } from '../bus/index.js';
import type { ServiceGraph } from '../shared/types.js';

export const HOLDER = 'ed-holder';
/** Loggers fed by `sig`: one victim per attack, so one that succeeds does not hide the next. */
export const VICTIMS = ['log1', 'log2', 'log3', 'log4'] as const;

export function demoLike(): ServiceGraph {
  return {
    schemaVersion: 'f8studio-graph/1',
    graphId: 'sec',
    nodes: [{ nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal', state: { rateHz: 20 } }, ...VICTIMS.map((nodeId) => ({ nodeId, kind: 'service' as const, serviceClass: 'f8.logger' }))],
    edges: VICTIMS.map((nodeId) => ({ kind: 'data' as const, from: { nodeId: 'sig', port: 'value' }, to: { nodeId, port: 'value' } })),
  };
}

export interface Attacker {
  nc: NatsConnection;
  /**
   * `act` fails: nothing in this identity's account answers it (it imports no such thing: "no
   * responders"), or its own account's JetStream, which is not enabled, refuses. Resolves the
   * error's message; a success fails the test naming `what`.
   */
  refused(act: () => unknown, what: string): Promise<string>;
  close(): Promise<void>;
}

export interface SecurityBench {
  f: MasterFixture;
  /** Connects as an instance's own user (its inbox prefix too), as the editor, or as the shared service user. */
  as(identity: { instance: string } | 'editor' | 'service'): Promise<Attacker>;
  pidOf(instanceId: string): number;
  /** What the master's account heard on `subject` while `act` ran (and half a second after). */
  unheard(subject: string, act: () => unknown): Promise<string[]>;
  /** The instance still runs and answers `status` (as the master). */
  stillServes(instanceId: string): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startSecurityBench(opts: { setup?: (servicesDir: string) => Promise<void>; master?: Partial<MasterOptions> } = {}): Promise<SecurityBench> {
  const f = await startMasterFixture({ extraDirs: [repoServicesDir], master: { leaseTtlMs: 600_000, ...opts.master }, ...(opts.setup ? { setup: opts.setup } : {}) });
  await f.call('ping', { clientId: HOLDER }, { clientId: HOLDER });
  await f.call('deployGraph', { graph: demoLike() }, { clientId: HOLDER, timeoutMs: 60_000 });
  const open: Attacker[] = [];
  const bench: SecurityBench = {
    f,
    async as(identity) {
      const secrets = f.nats.server.secrets;
      const url = f.nats.server.plainNatsUrl;
      const opts =
        identity === 'editor'
          ? connectionOptions(url, { name: 'attacker-editor', user: NATS_USERS.editor, pass: secrets.editor })
          : identity === 'service'
            ? connectionOptions(url, { name: 'attacker-service', user: NATS_USERS.service, pass: secrets.service })
            : connectionOptions(f.nats.server.instanceUrl(identity.instance), { name: `attacker-${identity.instance}`, inboxPrefix: instanceInbox(identity.instance) });
      const nc = await connect({ ...opts, reconnect: false });
      const a: Attacker = {
        nc,
        async refused(act, what) {
          const outcome = await Promise.resolve()
            .then(act)
            .then(
              () => null,
              (e: unknown) => (e as Error).message ?? String(e),
            );
          if (outcome === null) throw new Error(`${what} was answered: it should reach nobody`);
          return outcome;
        },
        close: () => nc.close().catch(() => {}),
      };
      open.push(a);
      return a;
    },
    async unheard(subject, act) {
      const heard: string[] = [];
      const sub = f.client.subscribe(subject, { callback: (_e, m) => void heard.push(m.subject) });
      await f.client.flush();
      await act();
      await settle(500);
      sub.unsubscribe();
      return heard;
    },
    pidOf(instanceId) {
      const pid = f.master.registry.get(instanceId)?.pid;
      if (!pid) throw new Error(`${instanceId} has no pid`);
      return pid;
    },
    async stillServes(instanceId) {
      const pid = bench.pidOf(instanceId);
      if (!processAlive(pid)) return false;
      const transport = new NatsTransport(f.client).send;
      const status = await call<{ state?: string }>(transport, subjects.instanceVerb(instanceId, 'status'), {}, { clientId: 'sec-check', timeoutMs: 5_000 }).catch(() => null);
      return status !== null && processAlive(pid);
    },
    async stop() {
      for (const a of open) await a.close();
      await f.stop();
    },
  };
  return bench;
}

/** Waits long enough for a redirected message to have arrived and been acted on (a terminate exits within ~10 ms). */
export const settle = (ms = 1_500): Promise<void> => new Promise((r) => setTimeout(r, ms));
