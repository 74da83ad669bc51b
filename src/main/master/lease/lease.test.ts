import { describe, expect, it } from 'vitest';
import { Lease } from './lease.js';
import type { F8Error } from '../../../shared/errors.js';

function caught(fn: () => unknown): F8Error {
  try {
    fn();
  } catch (err) {
    return err as F8Error;
  }
  throw new Error('expected an error');
}

describe('Lease', () => {
  it('grants, refreshes, conflicts, takes over and expires', () => {
    let now = 1000;
    const lease = new Lease({ ttlMs: 100, clock: { now: () => now } });
    expect(lease.acquire('a')).toEqual({ holder: 'a', expiresAt: 1100 });
    now = 1050;
    expect(lease.acquire('a').expiresAt).toBe(1150);
    const c = caught(() => lease.acquire('b'));
    expect(c.code).toBe('conflict');
    expect(c.payload).toEqual({ holder: 'a', expiresAt: 1150 });
    lease.check('a');
    expect(caught(() => lease.check('b')).code).toBe('unauthorized');
    expect(lease.acquire('b', true).holder).toBe('b');
    expect(caught(() => lease.check('a')).code).toBe('unauthorized');
    expect(caught(() => lease.acquire('a')).code).toBe('conflict');
    now = 1150 + 100;
    expect(lease.current()).toBeNull();
    expect(caught(() => lease.check('b')).code).toBe('unauthorized');
    expect(lease.acquire('a').holder).toBe('a');
  });
});
