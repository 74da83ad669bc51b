import { describe, expect, it } from 'vitest';
import { connectionOptions, parseServerUrl, redactUrl } from './connection.js';

describe('server URLs and credentials', () => {
  it.each([
    ['nats://127.0.0.1:4222', { server: 'nats://127.0.0.1:4222' }],
    ['127.0.0.1:4222', { server: 'nats://127.0.0.1:4222' }],
    ['nats://alice:s3cret@127.0.0.1:4222', { server: 'nats://127.0.0.1:4222', user: 'alice', pass: 's3cret' }],
    // an all-digit password stays a password
    ['nats://alice:12345@127.0.0.1:4222', { server: 'nats://127.0.0.1:4222', user: 'alice', pass: '12345' }],
    ['nats://b%40b:p%3Aw%2Fd@127.0.0.1:4222', { server: 'nats://127.0.0.1:4222', user: 'b@b', pass: 'p:w/d' }],
    ['nats://tok3n@127.0.0.1:4222', { server: 'nats://127.0.0.1:4222', token: 'tok3n' }],
    ['ws://u:p@127.0.0.1:8080', { server: 'ws://127.0.0.1:8080', user: 'u', pass: 'p' }],
  ])('%s', (url, expected) => {
    expect(parseServerUrl(url)).toEqual(expected);
  });

  it('a malformed URL is refused with what was wrong', () => {
    expect(() => parseServerUrl('nats://[::1')).toThrow(/not a NATS server URL/);
  });

  it('connection options carry the credentials; explicit ones win', () => {
    expect(connectionOptions('nats://a:b@h:1', { name: 'n' })).toMatchObject({ servers: 'nats://h:1', name: 'n', user: 'a', pass: 'b', maxReconnectAttempts: -1 });
    expect(connectionOptions('nats://a:b@h:1', { name: 'n', user: 'c', pass: 'd' })).toMatchObject({ user: 'c', pass: 'd' });
    expect(connectionOptions('nats://t@h:1', { name: 'n' })).toMatchObject({ token: 't' });
    expect(connectionOptions('nats://h:1', { name: 'n' })).not.toHaveProperty('user');
  });

  it('redacted URLs never show a secret', () => {
    expect(redactUrl('nats://alice:s3cret@127.0.0.1:4222')).toBe('nats://alice:***@127.0.0.1:4222');
    expect(redactUrl('nats://tok3n@127.0.0.1:4222')).toBe('nats://***@127.0.0.1:4222');
    expect(redactUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});
