import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
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
});
