// The events the master publishes and the data bus payload pass their schemas
// (schemas/{deploy,system,catalog}-event.schema.json, bus-payload.schema.json): catalog events and
// bus payloads made by the code itself, deploy and system events built as their producers build
// them, with their TypeScript types held equal to the schema-generated ones.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/shared/schemas.js';
import { silentLogger, type JsonKv } from '../src/shared/ports.js';
import type * as S from '../src/shared/generated/schema-types.js';
import type { CatalogEntry } from '../src/shared/types.js';
import { payloadJson, type BusPayload } from '../src/sdk/bus.js';
import { Catalog, type CatalogEvent } from '../src/main/master/catalog/catalog.js';
import type { DeployEvent, DeployPhase } from '../src/main/master/deploy/deploy.js';
import type { NatsSupervisorEvent } from '../src/main/nats/supervisor.js';

// The code's own event types are the schemas' (a type error here: one of them drifted).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
type _Checks = [
  Holds<Same<DeployEvent, S.DeployEvent>>,
  Holds<Same<DeployPhase, S.DeployEvent['phase']>>,
  Holds<Same<NatsSupervisorEvent, S.SystemEvent>>,
  Holds<Same<CatalogEvent, S.CatalogEvent>>,
  Holds<Same<BusPayload, Required<S.BusPayload>>>,
];

const verdict = (name: Parameters<typeof validate>[0], value: unknown) => {
  const r = validate(name, value);
  return r.ok ? 'ok' : r.message;
};

describe('event and bus payload schemas', () => {
  it('bus payloads written by the SDK (payloadJson) pass bus-payload, an unsendable value included', () => {
    for (const value of [0, -1.5, 'text', true, null, [1, 2], { x: { y: [null] } }, undefined]) {
      expect(verdict('bus-payload', JSON.parse(payloadJson(value, 1_700_000_000_000))), JSON.stringify(value)).toBe('ok');
    }
    expect(verdict('bus-payload', JSON.parse(payloadJson(1, 1).replace('"ts"', '"t"')))).not.toBe('ok');
  });

  it('catalog events of a real catalog (added, changed, removed, an unreadable manifest) pass catalog-event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'f8-catalog-events-'));
    const store = new Map<string, CatalogEntry>();
    const kv = {
      bucket: 'test',
      keys: async () => [...store.keys()],
      put: async (k: string, v: CatalogEntry) => (store.set(k, v), 1),
      delete: async (k: string) => void store.delete(k),
    } as unknown as JsonKv<CatalogEntry>;
    const events: CatalogEvent[] = [];
    const catalog = new Catalog({ dirs: [dir], kv, log: silentLogger, watch: false, publishEvent: (e) => events.push(e) });
    const manifest = (version: string) => JSON.stringify({ schemaVersion: 'f8service/1', serviceClass: 'f8.test.echo', label: 'Echo', version, launch: { command: '${node}', args: ['main.js'] } });
    try {
      mkdirSync(join(dir, 'echo'));
      writeFileSync(join(dir, 'echo', 'service.json'), manifest('0.1.0'));
      mkdirSync(join(dir, 'broken'));
      writeFileSync(join(dir, 'broken', 'service.json'), '{ not json');
      await catalog.start();
      writeFileSync(join(dir, 'echo', 'service.json'), manifest('0.2.0'));
      await catalog.rescan();
      rmSync(join(dir, 'echo'), { recursive: true });
      await catalog.rescan();
      expect(events.map((e) => e.change ?? 'error').sort()).toEqual(['added', 'changed', 'error', 'removed']);
      for (const e of events) expect(verdict('catalog-event', e), JSON.stringify(e)).toBe('ok');
    } finally {
      await catalog.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deploy events as the deployer builds them pass deploy-event, every phase', () => {
    // deploy.ts: ev(instanceId, phase, error?) => ({ revision, instanceId, phase, ...(error ? { error } : {}) })
    const ev = (revision: number, instanceId: string, phase: DeployPhase, error?: string): DeployEvent => ({ revision, instanceId, phase, ...(error ? { error } : {}) });
    const phases: Record<DeployPhase, true> = { starting: true, started: true, applying: true, applied: true, failed: true, 'rolled-back': true, stopping: true, stopped: true, activated: true };
    for (const phase of Object.keys(phases) as DeployPhase[]) {
      expect(verdict('deploy-event', ev(3, 'sig', phase)), phase).toBe('ok');
      expect(verdict('deploy-event', ev(3, 'sig', phase, 'apply timed out')), phase).toBe('ok');
    }
    expect(verdict('deploy-event', { ...ev(3, 'sig', 'failed'), phase: 'exploded' })).not.toBe('ok');
  });

  it('system events as the nats supervisor builds them pass system-event, every kind', () => {
    const kinds: Record<NatsSupervisorEvent['kind'], true> = { 'nats-down': true, 'nats-restarted': true, 'nats-restart-failed': true, 'jetstream-unavailable': true, 'jetstream-available': true };
    for (const kind of Object.keys(kinds) as NatsSupervisorEvent['kind'][]) {
      const e: NatsSupervisorEvent = { kind, message: `${kind} happened`, ts: Date.now(), pid: 4242, ...(kind === 'nats-restarted' ? { downMs: 812 } : {}) };
      expect(verdict('system-event', e), kind).toBe('ok');
    }
    expect(verdict('system-event', { kind: 'nats-down', message: 'x', ts: 1, extra: 1 })).not.toBe('ok');
  });
});
