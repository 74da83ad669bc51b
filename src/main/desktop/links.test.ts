// Links leave the app only for http(s) and mailto, never to the app's own origin or loopback.
import { describe, expect, it } from 'vitest';
import { externalLink } from './links.js';

describe('external links', () => {
  it('opens http(s) and mailto in the system browser; drops the rest', () => {
    const app = 'http://127.0.0.1:5000';
    expect(externalLink('https://nats.io/docs', app)).toBe('https://nats.io/docs');
    expect(externalLink('http://example.com/a?b=c', app)).toBe('http://example.com/a?b=c');
    expect(externalLink('mailto:someone@example.com', app)).toBe('mailto:someone@example.com');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'vscode://x',
      'smb://host/share',
      'http://127.0.0.1:5000/',
      'http://127.0.0.1:8222/varz',
      'http://localhost:3000/',
      'http://[::1]:80/',
      'http://0.0.0.0/',
      'https://user:pw@example.com/',
      'not a url',
      '',
    ]) {
      expect(externalLink(url, app), url).toBeNull();
    }
  });
});
