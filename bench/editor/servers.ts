// What the editor rows run against: the editor's production build served by a real `f8 master`
// (its own data dir and embedded nats-server), stock React Flow built by Vite from
// bench/editor/stock and served over loopback HTTP, and the status writer (a separate process).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { ROOT } from '../lib/master.js';
import { masterUrl } from '../../src/cli/graph.js';

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** `electron-vite build` (the editor as a user's `npm run build` makes it). */
export function buildEditor(): void {
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('the editor did not build (npx electron-vite build)');
}

export async function startMasterProcess(maxInstances: number): Promise<Served & { dataDir: string; natsUrl: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-bench-editor-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/f8.mjs'), 'master', '--quiet', '--data-dir', dataDir, '--max-instances', String(maxInstances)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, F8_NATS_URL: '' },
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^EDITOR_URL=(\S+)$/m.exec(out);
      if (m) ok(m[1] as string);
    });
    child.once('exit', (c) => fail(new Error(`f8 master exited ${c}`)));
  });
  const natsUrl = masterUrl({ 'data-dir': dataDir }, {});
  if (!natsUrl) throw new Error('the master wrote no server record');
  return {
    url,
    dataDir,
    natsUrl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Builds the stock page with Vite (the same React plugin as the editor) and serves it. */
export async function serveStock(): Promise<Served> {
  const out = mkdtempSync(join(tmpdir(), 'f8-bench-stock-'));
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({ root: join(ROOT, 'bench/editor/stock'), configFile: false, plugins: [react()], logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
  const server: Server = createServer((req, res) => {
    const path = normalize(join(out, new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.startsWith(out) && existsSync(path) && extname(path) ? path : join(out, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      await new Promise((r) => server.close(r));
      rmSync(out, { recursive: true, force: true });
    },
  };
}

// Puts instance records into the master's registry bucket: every listed id, each period, its
// status flipped (activated / deactivated); what the editor's registry watch shows as status.
// It also answers the master's health pings for those ids, as running instances do: unanswered,
// the master marks each record unresponsive between the writer's puts, and the running set
// (which the status flip alone leaves alone) would churn instead.
const WRITER = `
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
const u = new URL(process.env.BENCH_URL);
const nc = await connect({ servers: u.hostname + ':' + u.port, user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) });
const kv = await new Kvm(nc).open('kv_f8_master_instances');
const ids = process.env.BENCH_IDS.split(',');
const period = Number(process.env.BENCH_PERIOD_MS);
const enc = new TextEncoder();
for (const id of ids) nc.subscribe('$SRV.PING.' + id, { callback: (_e, m) => m.respond(enc.encode(JSON.stringify({ type: 'io.nats.micro.v1.ping_response', name: id, id, version: '1.0.0', metadata: { serviceClass: 'f8.signal' } }))) });
await nc.flush();
let k = 0;
const record = (status) => ({ serviceClass: 'f8.signal', pid: null, runId: 'bench', status, kvBucket: 'kv_f8_bench_none', restartPolicy: 'never', restarts: 0, launchedBy: 'external', updatedAt: Date.now(), lastSeenAt: Date.now(), failCount: 0 });
const tick = async () => {
  const status = k++ % 2 ? 'deactivated' : 'activated';
  const t = Date.now();
  await Promise.all(ids.map((id) => kv.put(id, JSON.stringify(record(status)))));
  setTimeout(tick, Math.max(0, period - (Date.now() - t)));
};
process.stdout.write('ready\\n');
void tick();
process.on('SIGTERM', () => nc.close().then(() => process.exit(0)));
`;

export interface Writer {
  /** CPU ms (user + system) the writer process has used. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startWriter(natsUrl: string, ids: string[], periodMs: number): Promise<Writer> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', WRITER], {
    cwd: ROOT,
    env: { ...process.env, BENCH_URL: natsUrl, BENCH_IDS: ids.join(','), BENCH_PERIOD_MS: String(periodMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the status writer exited with ${code}`)));
    child.stdout!.once('data', () => ok());
  });
  const { readFileSync } = await import('node:fs');
  return {
    cpuMs() {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
