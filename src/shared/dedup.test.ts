import { describe, expect, it } from 'vitest';
import { DedupCache } from './dedup.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('DedupCache', () => {
  it('runs once per key within the window and returns the same bytes', async () => {
    let now = 0;
    const cache = new DedupCache({ windowMs: 1000, clock: { now: () => now } });
    let runs = 0;
    const produce = async () => bytes(`reply ${++runs}`);
    const a = await cache.run('k', produce);
    now = 999;
    const b = await cache.run('k', produce);
    expect(runs).toBe(1);
    expect(b).toBe(a);
    now = 2000;
    const c = await cache.run('k', produce);
    expect(runs).toBe(2);
    expect(new TextDecoder().decode(c)).toBe('reply 2');
  });
  it('a repeat while the first is running waits for the same reply', async () => {
    const cache = new DedupCache();
    let release!: (v: Uint8Array) => void;
    let runs = 0;
    const first = cache.run('k', () => {
      runs++;
      return new Promise<Uint8Array>((r) => (release = r));
    });
    const second = cache.run('k', async () => {
      runs++;
      return bytes('other');
    });
    release(bytes('one'));
    expect(new TextDecoder().decode(await second)).toBe('one');
    expect(await first).toBe(await second);
    expect(runs).toBe(1);
  });
  it('forgets a failed run so a retry can succeed', async () => {
    const cache = new DedupCache();
    await expect(cache.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await Promise.resolve();
    expect(new TextDecoder().decode(await cache.run('k', async () => bytes('ok')))).toBe('ok');
  });
  it('keys by verb, calling account, clientId and msgId together', () => {
    expect(DedupCache.key('v', '', 'a', 'b')).not.toBe(DedupCache.key('v', '', 'ab', ''));
    expect(DedupCache.key('logs', '', 'c', 'm')).not.toBe(DedupCache.key('stopInstance', '', 'c', 'm'));
    expect(DedupCache.key('v', 'ED', 'c', 'm')).not.toBe(DedupCache.key('v', 'I_x', 'c', 'm'));
    expect(DedupCache.key('v', 'E', 'Dc', 'm')).not.toBe(DedupCache.key('v', 'ED', 'c', 'm'));
  });
});
