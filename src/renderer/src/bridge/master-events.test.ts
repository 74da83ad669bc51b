// The editor takes a master event only when it passes its schema, checked by the precompiled
// validators the browser uses (installed as main.tsx installs them); anything else is refused
// and logged, never shown on a node or as a notice.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installValidators } from '../../../shared/schemas';
import { validators } from '../generated/validators.js';
import { readMasterEvent } from './master-events';

const bytes = (v: unknown): Uint8Array => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('master events read by the editor', () => {
  beforeAll(() => installValidators(validators));
  afterEach(() => vi.restoreAllMocks());

  it('takes well-formed deploy and system events', () => {
    expect(readMasterEvent('deploy-event', bytes({ revision: 3, instanceId: 'sig1', phase: 'failed', error: 'boom' }))).toEqual({ revision: 3, instanceId: 'sig1', phase: 'failed', error: 'boom' });
    expect(readMasterEvent('system-event', bytes({ kind: 'nats-restarted', message: 'back', ts: 1, pid: 7, downMs: 12 }))).toMatchObject({ kind: 'nats-restarted', message: 'back' });
  });

  it('refuses a malformed event and logs why', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const deploys: unknown[] = [
      '{not json',
      { revision: '3', instanceId: 'sig1', phase: 'started' },
      { revision: 3, instanceId: 'sig1', phase: 'exploded' },
      { revision: 3, phase: 'started' },
      { revision: -1, instanceId: 'sig1', phase: 'started' },
      { revision: 3, instanceId: 'sig1', phase: 'failed', error: 42 },
      { revision: 3, instanceId: 'sig1', phase: 'started', extra: true },
    ];
    for (const e of deploys) expect(readMasterEvent('deploy-event', bytes(e)), JSON.stringify(e)).toBeNull();
    const systems: unknown[] = [
      // a kind and message alone passed the hand-written check: the schema also wants a known kind and a ts
      { kind: 'made-up', message: 'hello', ts: 1 },
      { kind: 'nats-down', message: 'down' },
      { kind: 'nats-down', message: 7, ts: 1 },
      [],
      null,
    ];
    for (const e of systems) expect(readMasterEvent('system-event', bytes(e)), JSON.stringify(e)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(deploys.length + systems.length);
    expect(String(warn.mock.calls[2]?.[0])).toMatch(/^deploy-event refused: .*phase/);
  });
});
