// The canvas's keyed feed: which nodes a store update concerns. A live batch concerns the
// instances it touched; a lease ping that keeps the role, a selection or a catalog-free update
// concerns none; the deployed compilation, the connection, the lease role and the graph's edges
// concern every node.
import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../store';
import { touchedBy } from './feed';
import type { InstanceRecord } from '../../../../shared/types';

const record: InstanceRecord = {
  serviceClass: 'f8.signal',
  pid: 1,
  runId: 'r1',
  status: 'activated',
  kvBucket: 'kv',
  restartPolicy: 'never',
  restarts: 0,
  launchedBy: 'master',
  updatedAt: 0,
  lastSeenAt: 0,
  failCount: 0,
};

describe('touchedBy', () => {
  it('names the instances a live batch touched, and nothing for pings and selections', () => {
    const store = createEditorStore('t');
    const s0 = store.getState();
    store.getState().applyLive([
      { type: 'record', id: 'a', record: null },
      { type: 'stats', id: 'b', stats: null },
    ]);
    store.getState().applyLive([{ type: 'summary', id: 'a', summary: { status: 'activated' } as never }]);
    const s1 = store.getState();
    expect(touchedBy(s1, s0)).toEqual(new Set(['a']));
    store.getState().setLease({ role: 'unknown', holder: null, expiresAt: 1 });
    const s2 = store.getState();
    expect(touchedBy(s2, s1)).toEqual(new Set());
    store.getState().select(['x'], []);
    expect(touchedBy(store.getState(), s2)).toEqual(new Set());
  });

  it('the running set names the instances that joined or left; canvas-wide inputs concern every node', () => {
    const store = createEditorStore('t');
    const running = (id: string, on: boolean) => store.getState().applyLive([{ type: 'record', id, record: on ? record : null }]);
    running('a', true);
    const s1 = store.getState();
    running('b', true);
    running('a', false);
    expect(touchedBy(store.getState(), s1)).toEqual(new Set(['a', 'b']));
    const s2 = store.getState();
    // a record write that does not change who runs keeps the running set
    running('b', true);
    expect(store.getState().liveInstances).toBe(s2.liveInstances);
    expect([...(s2.liveInstances ?? [])]).toEqual(['b']);
    store.getState().setLease({ role: 'holder', holder: 't', expiresAt: 1 });
    expect(touchedBy(store.getState(), s2)).toBe('all');
    const s3 = store.getState();
    store.getState().setConnection('reconnecting');
    expect(touchedBy(store.getState(), s3)).toBe('all');
  });
});
