// The editor's token goes only to the server it was issued with.
import { describe, expect, it } from 'vitest';
import { natsUrlFrom, tokenFor, type TokenStore } from './connection';

function store(): TokenStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}
const A = 'ws://127.0.0.1:4001';
const B = 'ws://127.0.0.1:4999';
const at = (nats: string, hash = '') => ({ search: `?nats=${encodeURIComponent(nats)}`, hash, pathname: '/' });

describe('editor token', () => {
  it('is taken from the fragment, bound to the URL it came with, and the fragment cleared', () => {
    const s = store();
    let cleared = 0;
    expect(tokenFor(A, at(A, '#token=s3cret'), s, () => cleared++)).toBe('s3cret');
    expect(cleared).toBe(1);
    expect(JSON.parse(s.data.get('f8.token') as string)).toEqual({ url: A, token: 's3cret' });
    // a reload of the same page (no fragment now) still has it
    expect(tokenFor(A, at(A), s, () => {})).toBe('s3cret');
  });

  it('is never handed to another server: ?nats= naming another port gets no token', () => {
    const s = store();
    tokenFor(A, at(A, '#token=s3cret'), s, () => {});
    expect(natsUrlFrom(at(B))).toBe(B);
    expect(tokenFor(B, at(B), s, () => {})).toBeNull();
    expect(tokenFor(null, { search: '', hash: '', pathname: '/' }, s, () => {})).toBeNull();
  });

  it('an old unbound token (a plain string) is dropped, not sent', () => {
    const s = store();
    s.setItem('f8.token', 's3cret');
    expect(tokenFor(A, at(A), s, () => {})).toBeNull();
    expect(s.data.has('f8.token')).toBe(false);
  });
});
