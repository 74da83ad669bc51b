import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEditor, serveStatic, type WebServer } from './web.js';
import { projectRoot } from './paths.js';
import { CSP } from '../shared/csp.js';

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
    expect(js.headers.get('content-security-policy')).toBe(CSP);
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

/** A raw connection that reads (so it sees the server's close) and says nothing unless told. */
function rawSocket(port: number): { sock: Socket; closedAt: Promise<number>; data: () => string } {
  const sock = connect(port, '127.0.0.1');
  let data = '';
  sock.on('data', (d) => (data += d.toString()));
  sock.on('error', () => {});
  const closedAt = new Promise<number>((ok) => sock.once('close', () => ok(Date.now())));
  return { sock, closedAt, data: () => data };
}

describe('serveStatic under a connection flood (issue 20)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'f8-web-flood-'));
    await writeFile(join(dir, 'index.html'), '<title>f8studio</title>');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses connections over the cap at once and serves again when the flood ends', async () => {
    const web = await serveStatic(dir, 0, { maxConnections: 8 });
    try {
      const port = Number(new URL(web.url).port);
      const t0 = Date.now();
      const flood = Array.from({ length: 20 }, () => rawSocket(port));
      // the 12 over the cap are closed as soon as they are accepted
      const settled = await Promise.all(flood.map((f) => Promise.race([f.closedAt, new Promise<null>((r) => setTimeout(() => r(null), 1_500))])));
      const refused = settled.filter((t): t is number => t !== null);
      expect(refused.length).toBe(12);
      expect(Math.max(...refused) - t0).toBeLessThan(1_000);
      expect(web.refused()).toBe(12);
      expect(web.connections()).toBe(8);
      for (const f of flood) f.sock.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect(web.connections()).toBe(0);
      const r = await fetch(web.url);
      expect([r.status, await r.text()]).toEqual([200, '<title>f8studio</title>']);
    } finally {
      await web.close();
    }
  });

  it('closes a connection that sends no headers, or sends them too slowly, with a 408 (headers timeout)', async () => {
    const web = await serveStatic(dir, 0, { headersTimeoutMs: 500, requestTimeoutMs: 1_000 });
    try {
      const port = Number(new URL(web.url).port);
      const t0 = Date.now();
      const idle = rawSocket(port);
      const slow = rawSocket(port);
      slow.sock.write('GET / HTTP/1.1\r\n');
      const drip = setInterval(() => slow.sock.writable && slow.sock.write('x'), 100);
      const [a, b] = await Promise.all([idle.closedAt, slow.closedAt]);
      clearInterval(drip);
      // the check runs every 250 ms here: closed within headersTimeout + a check or two
      expect(a - t0).toBeLessThan(2_000);
      expect(b - t0).toBeLessThan(2_000);
      expect(idle.data()).toMatch(/^HTTP\/1\.1 408/);
      expect(web.connections()).toBe(0);
      expect((await fetch(web.url)).status).toBe(200);
    } finally {
      await web.close();
    }
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
    const web = await serveStatic(dir, 0, { keepAliveTimeoutMs: 300 });
    try {
      const c = rawSocket(Number(new URL(web.url).port));
      const t0 = Date.now();
      c.sock.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
      const closed = await c.closedAt;
      expect(c.data()).toMatch(/^HTTP\/1\.1 200/);
      expect(closed - t0).toBeLessThan(2_000);
    } finally {
      await web.close();
    }
  });
});

describe('buildEditor', () => {
  it("builds in a child process (the master keeps none of the bundler's memory) and reports a failed build with its reason", async () => {
    const src = await mkdtemp(join(tmpdir(), 'f8-web-src-'));
    const out = await mkdtemp(join(tmpdir(), 'f8-web-out-'));
    try {
      await writeFile(join(src, 'index.html'), '<div id="r"></div><script type="module" src="./main.ts"></script>');
      await writeFile(join(src, 'main.ts'), "document.getElementById('r')!.textContent = 'built';");
      await buildEditor(projectRoot(), src, out);
      expect(await readFile(join(out, 'index.html'), 'utf8')).toMatch(/<script type="module"[^>]+src="\/assets\//);
      await writeFile(join(src, 'main.ts'), "import x from './missing';\nx();");
      await expect(buildEditor(projectRoot(), src, out)).rejects.toThrow(/the editor build failed \(exit code 1\):[\s\S]*missing/);
      expect(existsSync(join(out, 'index.html'))).toBe(true); // a failed build leaves the previous one
    } finally {
      await rm(src, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
