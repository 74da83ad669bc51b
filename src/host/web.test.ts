import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, type WebServer } from './web.js';

describe('serveStatic', () => {
  let dir: string;
  let web: WebServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'f8-web-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<title>f8studio</title>');
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(tmpdir(), 'f8-web-secret.txt'), 'secret');
    web = await serveStatic(dir);
  });
  afterAll(async () => {
    await web.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files with their type and the CSP, and index.html for unknown paths', async () => {
    const js = await fetch(`${web.url}assets/app.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await fetch(`${web.url}some/route?x=1`)).text()).toBe('<title>f8studio</title>');
  });

  it('never serves a file outside its folder', async () => {
    const r = await fetch(`${web.url}..%2Ff8-web-secret.txt`);
    expect(await r.text()).not.toBe('secret');
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('a symlink leading out of the folder is refused; directories get the editor', async () => {
    await symlink(join(tmpdir(), 'f8-web-secret.txt'), join(dir, 'assets', 'leak.txt'));
    const r = await fetch(`${web.url}assets/leak.txt`);
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain('secret');
    expect(await (await fetch(`${web.url}assets/`)).text()).toBe('<title>f8studio</title>');
  });

  it('bad percent-encoding, odd methods and long paths get a 4xx, and the server keeps serving', async () => {
    expect((await fetch(`${web.url}%E0%A4%A`)).status).toBe(400);
    const post = await fetch(web.url, { method: 'POST', body: 'x'.repeat(100_000) });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await fetch(`${web.url}${'a'.repeat(5000)}`)).status).toBe(414);
    const head = await fetch(`${web.url}assets/app.js`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    // raw garbage on the socket: a 400 and the connection closed
    const reply = await new Promise<string>((ok) => {
      const sock = connect(Number(new URL(web.url).port), '127.0.0.1', () => sock.write('GARBAGE\x00 /%%% HTTP/9.9\r\n\r\n'));
      let out = '';
      sock.on('data', (d) => (out += d.toString()));
      sock.on('close', () => ok(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'), async (junk, method) => {
        const path = `/${encodeURI(junk).replace(/%25/g, '%')}`;
        const r = await fetch(`${web.url.slice(0, -1)}${path}`, { method }).catch(() => null);
        if (r) {
          expect(r.status).toBeLessThan(500);
          await r.arrayBuffer();
        }
      }),
      { numRuns: 150 },
    );
    expect(await (await fetch(web.url)).text()).toBe('<title>f8studio</title>');
  });
});
