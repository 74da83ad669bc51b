// One CSP string: the web server sends it (web.test.ts), the editor's index.html carries it in its meta tag,
// and the start-up page embeds it (startup-page.test.ts). A drift between them fails here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSP } from '../shared/csp.js';

describe('the CSP', () => {
  it('index.html carries exactly the shared string; no eval, no inline script, loopback WebSocket only', () => {
    const html = readFileSync(join(import.meta.dirname, '../renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CSP);
    const script = /script-src ([^;]+)/.exec(CSP)?.[1]?.trim();
    expect(script).toBe("'self'");
    expect(
      /connect-src ([^;]+)/
        .exec(CSP)?.[1]
        ?.split(' ')
        .filter((s) => s.startsWith('ws')),
    ).toEqual(['ws://127.0.0.1:*']);
  });
});
