// Serves the editor to a plain browser (web mode): the built renderer (out/renderer) as static
// files, or, in a source checkout without a build, the Vite dev server. Loopback only.
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from './paths.js';
import type { Logger } from '../shared/ports.js';
import type * as Vite from 'vite';
import type * as ReactPlugin from '@vitejs/plugin-react';

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

const MAX_URL = 2048;

type Answer = { status: number; file?: string; text?: string; headers?: Record<string, string> };

/** What a request gets (pure but for the file system checks): a file under `root`, or a 4xx. */
export async function answer(root: string, method: string | undefined, url: string | undefined): Promise<Answer> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, text: 'method not allowed', headers: { allow: 'GET, HEAD' } };
  const raw = url ?? '/';
  if (raw.length > MAX_URL) return { status: 414, text: 'uri too long' };
  let path: string;
  try {
    path = decodeURIComponent(raw.split(/[?#]/)[0] ?? '/');
  } catch {
    return { status: 400, text: 'bad percent-encoding in the path' };
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return { status: 400, text: 'bad path' };
  let file = normalize(join(root, path));
  if (!file.startsWith(root + sep) && file !== root) return { status: 403, text: 'forbidden' };
  try {
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    // a symlink may not lead out of the folder
    const real = await realpath(file);
    if (!real.startsWith(root + sep)) return { status: 403, text: 'forbidden' };
    if (!statSync(real).isFile()) return { status: 404, text: 'not found' };
    return { status: 200, file: real };
  } catch {
    return { status: 404, text: 'not found' };
  }
}

/** Static files from `dir` on 127.0.0.1; unknown paths get index.html (the editor routes itself). Bad requests get a 4xx, never a crash. */
export async function serveStatic(dir: string, port = 0): Promise<WebServer> {
  const root = await realpath(resolve(dir));
  const server: Server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 15_000 }, (req, res) => {
    void (async () => {
      const a = await answer(root, req.method, req.url);
      const common = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
      if (!a.file) {
        res.writeHead(a.status, { ...common, 'content-type': 'text/plain; charset=utf-8', ...a.headers }).end(a.text ?? '');
        req.resume();
        return;
      }
      const body = await readFile(a.file);
      res.writeHead(200, { ...common, 'content-type': TYPES[extname(a.file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end('internal error');
      else res.destroy();
    });
  });
  // a malformed request line or header: 400 and close, the server goes on
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
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
    // specifiers in variables: the desktop's main bundle must not carry vite (an installed app
    // has the built editor and no sources)
    const [viteName, reactName] = ['vite', '@vitejs/plugin-react'];
    const { build } = (await import(viteName)) as typeof Vite;
    const { default: react } = (await import(reactName)) as typeof ReactPlugin;
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
