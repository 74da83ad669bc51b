// Serves the editor to a plain browser (web mode): the built renderer (out/renderer) as static
// files, or, in a source checkout without a build, the Vite dev server. Loopback only.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from './paths.js';

export interface WebServer {
  url: string;
  mode: 'static' | 'dev';
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
  return { url: `http://127.0.0.1:${actual}/`, mode: 'static', close: () => new Promise((r) => server.close(() => r())) };
}

/** The built editor if there is one, else the Vite dev server of the source checkout. */
export async function serveEditor(port = 0): Promise<WebServer> {
  const root = projectRoot();
  const built = join(root, 'out', 'renderer');
  if (existsSync(join(built, 'index.html'))) return serveStatic(built, port);
  const source = join(root, 'src', 'renderer');
  if (!existsSync(source)) throw new Error(`no editor build at ${built}: run npm run build`);
  const { createServer: createVite } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const vite = await createVite({ root: source, configFile: false, plugins: [react()], logLevel: 'error', server: { host: '127.0.0.1', port, strictPort: port !== 0 } });
  await vite.listen();
  const addr = vite.httpServer?.address() as AddressInfo | null;
  if (!addr) throw new Error('the editor dev server did not listen');
  return { url: `http://127.0.0.1:${addr.port}/`, mode: 'dev', close: () => vite.close() };
}
