// Property-based bad input against a real master and a real instance (issue 12): random bytes,
// JSON and envelopes with random payloads on every master verb subject, every instance verb
// subject and unknown verbs. Every request gets a reply envelope with a code from the fixed set,
// nothing crashes, and what answered an error changed nothing: the registry, the deployed
// revision, the instance's status and state are as they were.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, startMasterFixture, writeManifest, type MasterFixture } from './testing.js';
import { ServiceHost } from '../../sdk/host.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { parseReply } from '../../shared/envelope.js';
import { subjects } from '../../shared/naming.js';
import { INSTANCE_VERBS, MASTER_VERBS } from '../../shared/verbs.js';
import { fuzzParams, wireInput } from '../../../test/support/fuzz.js';
import { call } from '../../shared/client.js';
import type { Manifest } from '../../shared/types.js';

const m = manifest('test.fuzz', {
  stateFields: [
    { name: 'gain', valueSchema: { type: 'number', minimum: 0, maximum: 10 }, access: 'rw', default: 1 },
    { name: 'reading', valueSchema: { type: 'number' }, access: 'ro', default: 0 },
  ],
  commands: [{ name: 'echo', params: { type: 'object', properties: { text: { type: 'string', maxLength: 20 } }, required: ['text'], additionalProperties: false } }],
}) as unknown as Manifest;

describe('bad input on every subject (property)', () => {
  let f: MasterFixture;
  let host: ServiceHost;
  const HOLDER = 'fuzz-holder';

  beforeAll(async () => {
    f = await startMasterFixture({ master: { leaseTtlMs: 600_000 }, setup: (dir) => writeManifest(dir, 'fuzz', m).then(() => {}) });
    await f.call('ping', { clientId: HOLDER }, { clientId: HOLDER });
    host = new ServiceHost({ manifest: m, commands: { echo: (p) => (p as { text: string }).text } }, { env: { F8_NATS_URL: f.nats.natsUrl, F8_SERVICE_ID: 'fz1' }, exitProcess: false });
    await host.start();
  }, 60_000);
  afterAll(async () => {
    await host?.shutdown().catch(() => {});
    await f?.stop();
  });

  /** What must not change when a request was refused. */
  const snapshot = async () => {
    const inst = await f.call<{ instances: { instanceId: string; status: string; runId: string }[] }>('instances', {}, { clientId: HOLDER });
    const history = await f.call<{ deploys: { revision: number }[] }>('history', {}, { clientId: HOLDER });
    const st = await call<{ entries: Record<string, { value: unknown }> }>(f.transport, subjects.instanceVerb('fz1', 'stateSnapshot'), {}, { clientId: HOLDER });
    return JSON.stringify({
      inst: inst.instances.map((i) => [i.instanceId, i.status, i.runId]),
      rev: history.deploys[0]?.revision ?? 0,
      state: Object.entries(st.entries).map(([k, e]) => [k, e.value]),
    });
  };

  const subjectsUnderTest = [
    ...MASTER_VERBS.map((v) => subjects.masterVerb(v)),
    ...INSTANCE_VERBS.filter((v) => v !== 'terminate').map((v) => subjects.instanceVerb('fz1', v)),
    `${subjects.masterPrefix}no.such.verb`,
    'f8.fz1.nosuchverb',
  ];

  it('every request is answered with a typed reply; a refused one changes nothing', async () => {
    const before = await snapshot();
    let errors = 0;
    let oks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...subjectsUnderTest),
        fc.constantFrom(HOLDER, 'fuzz-other').chain((id) => wireInput(id)),
        async (subject, data) => {
          const msg = await f.client.request(subject, data, { timeout: 10_000 });
          const reply = parseReply(msg.data);
          if (reply.status === 'error') {
            errors++;
            expect(ERROR_CODES).toContain(reply.errorCode);
            expect(reply.errorMessage?.length).toBeGreaterThan(0);
          } else {
            oks++;
          }
        },
      ),
      fuzzParams(150),
    );
    // random input is almost never a valid mutation; what was refused left everything alone
    expect(errors).toBeGreaterThan(oks);
    expect(await snapshot()).toBe(before);
    // and everything still answers
    expect(await call<{ status: string }>(f.transport, subjects.instanceVerb('fz1', 'status'), {}, { clientId: HOLDER })).toMatchObject({ status: 'deactivated' });
  }, 120_000);

  it('command params and state writes that break their schema are invalid and change nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            verb: fc.constant('setState' as const),
            payload: fc.record({
              nodeId: fc.constantFrom('fz1', 'nope', ''),
              field: fc.constantFrom('gain', 'reading', 'nope'),
              value: fc.oneof(fc.string(), fc.double({ min: 11, noNaN: true }), fc.double({ max: -0.001, noNaN: true }), fc.constant(null), fc.array(fc.integer())),
            }),
          }),
          fc.record({
            verb: fc.constant('cmd' as const),
            payload: fc.record({ command: fc.constantFrom('echo', 'nope'), params: fc.oneof(fc.jsonValue(), fc.record({ text: fc.oneof(fc.integer(), fc.string({ minLength: 21 })) })) }),
          }),
        ),
        async ({ verb, payload }) => {
          const r = await call(f.transport, subjects.instanceVerb('fz1', verb), payload, { clientId: HOLDER }).then(
            () => null,
            (e: unknown) => e as { code: string },
          );
          expect(r, JSON.stringify(payload)).not.toBeNull();
          expect(['invalid', 'not-found']).toContain(r!.code);
        },
      ),
      fuzzParams(60),
    );
    expect(await snapshot()).toBe(before);
  }, 120_000);
});
