// Serves the editor to a plain browser (web mode): the built renderer (out/renderer) as static
// files, or, in a source checkout without a build, the Vite dev server. Loopback only.
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from './paths.js';
import type { Logger } from '../shared/ports.js';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:*";

/** Static files from `dir`; unknown paths get index.html (the editor routes itself). */
export async function serveStatic(dir: string, port = 0): Promise<WebServer> {
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
      let file = normalize(join(root, path));
      if (!file.startsWith(root + sep) && file !== root) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if (path.endsWith('/') || !existsSync(file)) file = join(root, 'index.html');
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-cache' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${actual}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * The built editor (out/renderer) if there is one; in a source checkout without a build, the
 * editor is built once into `cacheDir` (a production build: no dev server, whose signal
 * handlers would fight the master's) and rebuilt when a renderer source file is newer.
 */
export async function serveEditor(opts: { port?: number; cacheDir: string; log?: Logger }): Promise<WebServer> {
  const root = projectRoot();
  const built = join(root, 'out', 'renderer');
  if (existsSync(join(built, 'index.html'))) return serveStatic(built, opts.port);
  const source = join(root, 'src', 'renderer');
  if (!existsSync(source)) throw new Error(`no editor build at ${built}: run npm run build`);
  const out = resolve(opts.cacheDir);
  if (!existsSync(join(out, 'index.html')) || newestMtime(join(root, 'src')) > statSync(join(out, 'index.html')).mtimeMs) {
    opts.log?.info(`building the editor into ${out}`);
    const { build } = await import('vite');
    const { default: react } = await import('@vitejs/plugin-react');
    await build({ root: source, configFile: false, plugins: [react()], logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
  }
  return serveStatic(out, opts.port);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}
