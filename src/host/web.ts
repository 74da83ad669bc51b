// Serves the editor to a plain browser (web mode): the built renderer (out/renderer) as static
// files, or, in a source checkout without a build, a build made once into a cache folder (in a
// child process, so the master does not keep the bundler's memory). Loopback only.
//
// Any local user can reach the port, so it is bounded: at most `maxConnections` sockets at once
// (more are closed as soon as they are accepted), headers within 5 s, a whole request within
// 10 s, an idle keep-alive socket closed after 5 s, a silent one after 15 s. A flood of idle
// connections then costs the master at most that many descriptors, for seconds, and never its
// file limit (which it needs for NATS, its logs and its services).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from './paths.js';
import type { Logger } from '../shared/ports.js';
import { CSP } from '../shared/csp.js';

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

/** Bounds on the editor's HTTP server (see the top of this file). */
export interface WebLimits {
  /** Sockets open at once; more are closed on accept (default 256). */
  maxConnections: number;
  /** The request headers must be in within this (default 5000 ms). */
  headersTimeoutMs: number;
  /** The whole request must be in within this (default 10000 ms). */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this (default 5000 ms). */
  keepAliveTimeoutMs: number;
  /** A socket silent this long is closed (default 15000 ms). */
  idleTimeoutMs: number;
}

export const WEB_LIMITS: WebLimits = { maxConnections: 256, headersTimeoutMs: 5_000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 15_000 };

/** Static files from `dir` on 127.0.0.1; unknown paths get index.html (the editor routes itself). Bad requests get a 4xx, never a crash. */
export async function serveStatic(dir: string, port = 0, limits: Partial<WebLimits> = {}): Promise<WebServer & { connections(): number; refused(): number }> {
  const lim = { ...WEB_LIMITS, ...limits };
  const root = await realpath(resolve(dir));
  const server: Server = createServer(
    {
      maxHeaderSize: 16 * 1024,
      requestTimeout: lim.requestTimeoutMs,
      headersTimeout: lim.headersTimeoutMs,
      keepAliveTimeout: lim.keepAliveTimeoutMs,
      // how often the headers and request timeouts are looked at (Node's default, 30 s, would let a slow sender hold a socket that long)
      connectionsCheckingInterval: Math.max(250, Math.min(1_000, lim.headersTimeoutMs / 2)),
    },
    (req, res) => {
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
    },
  );
  // over the cap, Node closes a new socket as soon as it is accepted ('drop')
  server.maxConnections = lim.maxConnections;
  let refused = 0;
  server.on('drop', () => refused++);
  // a socket that says nothing (not even a request line) is closed: the default 'timeout' action destroys it
  server.timeout = lim.idleTimeoutMs;
  const sockets = new Set<Socket>();
  server.on('connection', (sock: Socket) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
  });
  // a malformed request line or header: 400 and close, the server goes on
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // a headers or request timeout: 408 and close
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    // the socket is let go once the answer is written, whether or not the client reads it
    if (socket.writable) socket.end(timedOut ? 'HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n', () => socket.destroy());
    else socket.destroy();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  // later errors (EMFILE on accept) are logged by nobody and must not crash the master
  server.on('error', () => {});
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    connections: () => sockets.size,
    refused: () => refused,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
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
    mkdirSync(out, { recursive: true, mode: 0o700 }); // inside the private data dir, private itself
    await buildEditor(root, source, out);
  }
  return serveStatic(out, opts.port);
}

/**
 * Builds the editor with Vite in a child Node process: the bundler's few hundred MB are given
 * back when it exits instead of staying in the master for its whole life. The specifiers are
 * resolved from the project root (the desktop's main bundle never carries vite: an installed app
 * has the built editor and no sources).
 */
export async function buildEditor(root: string, source: string, out: string, timeoutMs = 300_000): Promise<void> {
  const script = [
    'const [source, out] = process.argv.slice(-2);',
    "const { build } = await import('vite');",
    "const { default: react } = await import('@vitejs/plugin-react');",
    'try {',
    "  await build({ root: source, configFile: false, plugins: [react()], logLevel: 'error', build: { outDir: out, emptyOutDir: true } });",
    '} catch (err) {',
    '  process.stderr.write(String(err && err.message || err));',
    '  process.exit(1);',
    '}',
  ].join('\n');
  // process.execPath is Electron in the desktop app: ELECTRON_RUN_AS_NODE makes it plain Node
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', source, out], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4_000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await new Promise<number | string | null>((ok, fail) => {
      child.once('error', fail);
      child.once('exit', (c, sig) => ok(sig ?? c));
    });
    if (code !== 0)
      throw new Error(`the editor build failed (${typeof code === 'string' ? `killed by ${code}` : `exit code ${code}`}): ${stderr.trim().split('\n').slice(0, 12).join('\n') || 'no output'}`);
  } finally {
    clearTimeout(timer);
  }
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
