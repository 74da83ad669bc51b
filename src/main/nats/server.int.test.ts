// Integration tests of the embedded nats-server manager against the real binary
// (/usr/sbin/nats-server, Debian's 2.9.10). Every test uses its own temp dir and stops what it
// started, so no server outlives the run.
import { connectionOptions } from '../../bus/connection.js';
import { NATS_USERS } from '../../shared/naming.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect } from '@nats-io/transport-node';
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager } from '@nats-io/jetstream';
import { findNatsServer, NatsServerNotFoundError, startEmbeddedNats, readRecord, type EmbeddedNats } from './server.js';
import { startTestNats } from './testing.js';

const TIMEOUT = 60_000;

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitGone(pid: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!gone(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('embedded nats-server', () => {
  const dirs: string[] = [];
  const servers: EmbeddedNats[] = [];
  const conns: NatsConnection[] = [];

  const tempDir = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-test-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string): Promise<EmbeddedNats> => {
    const s = await startEmbeddedNats({ dataDir, readyTimeoutMs: 20_000 });
    servers.push(s);
    return s;
  };

  beforeAll(() => {
    // Node 20 has no global WebSocket; wsconnect hangs silently without one.
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  });

  afterEach(async () => {
    await Promise.allSettled(conns.splice(0).map((nc) => nc.close()));
    await Promise.allSettled(servers.splice(0).map((s) => s.stop()));
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'starts a server that accepts TCP clients, routes request/reply and has JetStream',
    async () => {
      const dataDir = tempDir();
      const s = await start(dataDir);
      expect(s.reused).toBe(false);
      expect(s.plainNatsUrl).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect(s.natsUrl).toBe(s.plainNatsUrl.replace('nats://', `nats://f8-master:${s.secrets.master}@`));
      expect(s.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

      // The files the contract describes are where they should be.
      const natsDir = path.join(fs.realpathSync(dataDir), 'nats');
      const rec = readRecord(path.join(natsDir, 'server.json'));
      expect(rec?.pid).toBe(s.pid);
      expect(rec?.conf).toBe(path.join(natsDir, 'nats-server.conf'));
      expect(`nats://127.0.0.1:${rec?.ports.nats}`).toBe(s.plainNatsUrl);
      expect(`ws://127.0.0.1:${rec?.ports.websocket}`).toBe(s.wsUrl);
      expect(s.logFile).toBe(path.join(natsDir, 'nats-server.log'));
      expect(fs.readFileSync(s.logFile, 'utf8')).toContain('Server is ready');
      expect(fs.readFileSync(rec!.conf, 'utf8')).toContain('max_payload: 8388608');

      const nc = await connect(connectionOptions(s.natsUrl, { name: 'test' }));
      conns.push(nc);
      expect(nc.info?.max_payload).toBe(8 * 1024 * 1024);
      const sub = nc.subscribe('test.echo', {
        callback: (_err, msg) => {
          msg.respond(`echo:${msg.string()}`);
        },
      });
      await nc.flush();
      const reply = await nc.request('test.echo', 'hi', { timeout: 5000 });
      expect(reply.string()).toBe('echo:hi');
      sub.unsubscribe();

      const jsm = await jetstreamManager(nc);
      const info = await jsm.getAccountInfo();
      expect(info.limits).toBeDefined();
      // The store lives in the data dir.
      await jsm.streams.add({ name: 'probe', subjects: ['probe.>'] });
      expect(fs.existsSync(path.join(natsDir, 'jetstream'))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'serves WebSocket clients on wsUrl (wsconnect from Node with ws as global WebSocket)',
    async () => {
      const s = await start(tempDir());
      const ws = await wsconnect({ servers: s.wsUrl, timeout: 5000, user: NATS_USERS.editor, pass: s.editorToken });
      conns.push(ws);
      const tcp = await connect(connectionOptions(s.natsUrl, { name: 'test' }));
      conns.push(tcp);
      // A message crosses from a TCP client (the master's account) to a WebSocket client (the
      // editor's), on the master's events, which the editor's account imports.
      const sub = ws.subscribe('f8.master.events.ws-test', { max: 1 });
      await ws.flush();
      tcp.publish('f8.master.events.ws-test', 'over-ws');
      for await (const m of sub) expect(m.string()).toBe('over-ws');
    },
    TIMEOUT,
  );

  it(
    'reuses the live server of a data dir: a second start returns the same pid with reused: true',
    async () => {
      const dataDir = tempDir();
      const first = await start(dataDir);
      const second = await start(dataDir);
      expect(second.reused).toBe(true);
      expect(second.pid).toBe(first.pid);
      expect(second.natsUrl).toBe(first.natsUrl);
      expect(second.wsUrl).toBe(first.wsUrl);
      // A reused handle can stop the server it did not start.
      await second.stop();
      expect(gone(first.pid)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'never starts two servers on one store, even when two starts race',
    async () => {
      const dataDir = tempDir();
      const [a, b] = await Promise.all([start(dataDir), start(dataDir)]);
      expect(a.pid).toBe(b.pid);
      expect([a.reused, b.reused].sort()).toEqual([false, true]);
    },
    TIMEOUT,
  );

  it(
    'adopts a live server even when server.json was lost (found through its ports file)',
    async () => {
      const dataDir = tempDir();
      const first = await start(dataDir);
      fs.rmSync(path.join(dataDir, 'nats', 'server.json'));
      const second = await start(dataDir);
      expect(second.reused).toBe(true);
      expect(second.pid).toBe(first.pid);
      expect(readRecord(path.join(dataDir, 'nats', 'server.json'))?.pid).toBe(first.pid);
    },
    TIMEOUT,
  );

  it(
    'after kill -9 of the server, a new start gets a new process on the same ports',
    async () => {
      const dataDir = tempDir();
      const first = await start(dataDir);
      process.kill(first.pid, 'SIGKILL');
      await waitGone(first.pid);
      const second = await start(dataDir);
      expect(second.reused).toBe(false);
      expect(second.pid).not.toBe(first.pid);
      expect(second.natsUrl).toBe(first.natsUrl);
      expect(second.wsUrl).toBe(first.wsUrl);
      expect(second.monitorUrl).toBe(first.monitorUrl);
      const nc = await connect(connectionOptions(second.natsUrl, { name: 'test' }));
      conns.push(nc);
      await nc.flush();
    },
    TIMEOUT,
  );

  it(
    'falls back to a random port when a recorded port was taken by someone else meanwhile',
    async () => {
      const dataDir = tempDir();
      const first = await start(dataDir);
      const natsPort = Number(new URL(first.natsUrl).port);
      await first.stop();
      // server.json is deleted by stop(); put a record back as if the server had crashed.
      const rec = {
        pid: 999_999_999,
        binary: '/usr/sbin/nats-server',
        conf: '',
        startedAt: '',
        ports: { nats: natsPort, monitoring: Number(new URL(first.monitorUrl).port), websocket: Number(new URL(first.wsUrl).port) },
      };
      fs.writeFileSync(path.join(dataDir, 'nats', 'server.json'), JSON.stringify(rec));
      const net = await import('node:net');
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(natsPort, '127.0.0.1', () => r()));
      try {
        const lines: string[] = [];
        const second = await startEmbeddedNats({ dataDir, readyTimeoutMs: 20_000, log: (l) => lines.push(l) });
        servers.push(second);
        expect(second.natsUrl).not.toBe(first.natsUrl);
        expect(second.wsUrl).toBe(first.wsUrl);
        expect(lines.join('\n')).toMatch(new RegExp(`nats port ${natsPort} is taken`));
      } finally {
        await new Promise((r) => blocker.close(r));
      }
    },
    TIMEOUT,
  );

  it(
    'the server outlives a master that crashes (kill -9), and the next master adopts it',
    async () => {
      const dataDir = tempDir();
      const script = path.join(dataDir, 'crashing-master.mts');
      const serverModule = new URL('./server.ts', import.meta.url).href;
      fs.writeFileSync(
        script,
        [
          `import { startEmbeddedNats } from ${JSON.stringify(serverModule)};`,
          `const s = await startEmbeddedNats({ dataDir: ${JSON.stringify(dataDir)}, readyTimeoutMs: 20000 });`,
          'process.stdout.write(JSON.stringify({ pid: s.pid, natsUrl: s.natsUrl }) + "\\n");',
          "process.kill(process.pid, 'SIGKILL');",
        ].join('\n'),
      );
      // spawnSync returns only when the child's stdout closes: a server holding a pipe of the
      // master would make this hang until the timeout.
      const res = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 });
      expect(res.signal).toBe('SIGKILL');
      const crashed = JSON.parse(res.stdout.trim()) as { pid: number; natsUrl: string };
      try {
        expect(gone(crashed.pid)).toBe(false);
        const adopted = await start(dataDir);
        expect(adopted.reused).toBe(true);
        expect(adopted.pid).toBe(crashed.pid);
        expect(adopted.natsUrl).toBe(crashed.natsUrl);
        const nc = await connect(connectionOptions(adopted.natsUrl, { name: 'test' }));
        conns.push(nc);
        await nc.flush();
      } catch (err) {
        if (!gone(crashed.pid)) process.kill(crashed.pid, 'SIGKILL'); // not adopted: do not leak it
        throw err;
      }
    },
    TIMEOUT,
  );

  it(
    'stop() leaves no process, deletes server.json and is idempotent',
    async () => {
      const dataDir = tempDir();
      const s = await start(dataDir);
      await s.stop();
      expect(() => process.kill(s.pid, 0)).toThrow();
      expect(fs.existsSync(path.join(dataDir, 'nats', 'server.json'))).toBe(false);
      await s.stop(); // second call is a no-op
      // The next start on that dir is a fresh server.
      const again = await start(dataDir);
      expect(again.reused).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'reports a server that exits early with the tail of its log',
    async () => {
      const dataDir = tempDir();
      const fake = path.join(dataDir, 'nats-server');
      fs.writeFileSync(fake, '#!/bin/sh\necho "fake server: bad config $2" >&2\nexit 3\n', { mode: 0o755 });
      await expect(startEmbeddedNats({ dataDir, binary: fake, readyTimeoutMs: 10_000 })).rejects.toThrow(/exited with code 3[\s\S]*fake server: bad config/);
      expect(fs.existsSync(path.join(dataDir, 'nats', 'server.json'))).toBe(false);
    },
    TIMEOUT,
  );

  it('an explicit binary option that does not exist is a NatsServerNotFoundError', async () => {
    const dataDir = tempDir();
    await expect(startEmbeddedNats({ dataDir, binary: path.join(dataDir, 'nope') })).rejects.toBeInstanceOf(NatsServerNotFoundError);
  });
});

describe('findNatsServer', () => {
  it('throws NatsServerNotFoundError naming the install commands and F8_NATS_SERVER when nothing is found', () => {
    const missing = path.join(os.tmpdir(), 'f8-no-such-dir', 'nats-server');
    let err: unknown;
    try {
      findNatsServer({ env: { F8_NATS_SERVER: missing, PATH: '' }, bundledDir: path.join(os.tmpdir(), 'f8-no-such-dir'), wellKnownDirs: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NatsServerNotFoundError);
    const msg = (err as Error).message;
    expect(msg).toContain('apt-get install nats-server');
    expect(msg).toContain('brew install nats-server');
    expect(msg).toContain('F8_NATS_SERVER');
    expect(msg).toContain(missing); // lists the places searched
  });

  it('prefers F8_NATS_SERVER, then PATH, then the bundled dir', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-test-'));
    try {
      const mk = (sub: string): string => {
        fs.mkdirSync(path.join(dir, sub));
        const f = path.join(dir, sub, 'nats-server');
        fs.writeFileSync(f, '#!/bin/sh\n', { mode: 0o755 });
        return f;
      };
      const viaEnv = mk('env');
      const viaPath = mk('path');
      const viaBundled = mk('bundled');
      const bundledDir = path.dirname(viaBundled);
      expect(findNatsServer({ env: { F8_NATS_SERVER: viaEnv, PATH: path.dirname(viaPath) }, bundledDir })).toBe(viaEnv);
      expect(findNatsServer({ env: { PATH: path.dirname(viaPath) }, bundledDir })).toBe(viaPath);
      expect(findNatsServer({ env: { PATH: '' }, bundledDir, wellKnownDirs: [] })).toBe(viaBundled);
      // A file that is not executable does not count.
      fs.chmodSync(viaBundled, 0o644);
      expect(() => findNatsServer({ env: { PATH: '' }, bundledDir, wellKnownDirs: [] })).toThrow(NatsServerNotFoundError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the installed binary through the real PATH', () => {
    expect(findNatsServer()).toMatch(/nats-server$/);
  });
});

describe('startTestNats', () => {
  it(
    'gives a connectable server in a temp dir and removes everything on stop()',
    async () => {
      const t = await startTestNats();
      expect(path.basename(t.dataDir)).toMatch(/^f8-test-/);
      const nc = await connect(connectionOptions(t.natsUrl, { name: 'test' }));
      await nc.flush();
      await nc.close();
      await t.stop();
      expect(gone(t.server.pid)).toBe(true);
      expect(fs.existsSync(t.dataDir)).toBe(false);
    },
    TIMEOUT,
  );
});

describe('authentication and WebSocket origins', () => {
  it(
    'refuses clients without credentials or with wrong ones, and WebSocket pages from a foreign Origin; the roles may not send the master-only verbs',
    async () => {
      const t = await startTestNats({ allowedOrigins: ['http://127.0.0.1:65001'] });
      try {
        const secrets = t.server.secrets;
        const mode = fs.statSync(path.join(fs.realpathSync(t.dataDir), 'nats', 'secrets.json')).mode & 0o777;
        expect(mode).toBe(0o600);
        expect(fs.statSync(t.server.logFile).mode & 0o777).toBe(0o600); // the log names users and subjects
        const tryConnect = (o: Parameters<typeof connect>[0]) =>
          connect({ ...o, reconnect: false, timeout: 3000 }).then(
            (nc) => (void nc.close(), 'ok'),
            (e: Error) => e.message,
          );
        expect(await tryConnect({ servers: t.server.plainNatsUrl })).toMatch(/Authorization Violation/i);
        expect(await tryConnect({ servers: t.server.plainNatsUrl, user: NATS_USERS.master, pass: 'wrong-password-123456' })).toMatch(/Authorization Violation/i);
        expect(await tryConnect({ servers: t.server.plainNatsUrl, user: NATS_USERS.editor, pass: secrets.editor })).toBe('ok');

        // WebSocket: a browser page of another origin is refused; the editor's origin is let in
        const port = new URL(t.wsUrl).port;
        const upgrade = (origin: string) =>
          new Promise<number>((ok) => {
            const req = http.request({
              host: '127.0.0.1',
              port,
              path: '/',
              headers: { connection: 'Upgrade', upgrade: 'websocket', origin, 'sec-websocket-version': '13', 'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64') },
            });
            req.on('upgrade', (res, socket) => (socket.destroy(), ok(res.statusCode ?? 101)));
            req.on('response', (res) => ok(res.statusCode ?? 0));
            req.on('error', () => ok(-1));
            req.end();
          });
        expect(await upgrade('http://evil.example')).toBe(403);
        expect(await upgrade('http://127.0.0.1:65002')).toBe(403);
        expect(await upgrade('http://127.0.0.1:65001')).toBe(101);

        // each identity has its own account: the editor's and the services' requests for
        // deployOpGraph / terminate, and the services' for the mutating master verbs, reach nobody
        await t.server.setGrants([{ instanceId: 'sig', kind: 'launched', halfEdges: [] }]);
        const m = await connect(connectionOptions(t.natsUrl, { name: 'master' }));
        const sig = await connect(connectionOptions(t.server.instanceUrl('sig'), { name: 'sig' }));
        const heard: string[] = [];
        for (const [nc, subject] of [
          [sig, 'f8.sig.>'],
          [m, 'f8.master.>'],
        ] as const)
          nc.subscribe(subject, { callback: (_e, msg) => void (heard.push(msg.subject), msg.respond('ok')) });
        await sig.flush();
        await m.flush();
        for (const [role, subject] of [
          ['editor', 'f8.sig.deployOpGraph'],
          ['editor', 'f8.sig.terminate'],
          ['service', 'f8.sig.deployOpGraph'],
          ['service', 'f8.master.deployGraph'],
          ['service', 'f8.master.stopInstance'],
        ] as const) {
          const nc = await connect({ servers: t.server.plainNatsUrl, user: NATS_USERS[role], pass: secrets[role] });
          const answer = await nc.request(subject, 'x', { timeout: 3000 }).then(
            () => 'answered',
            (e: Error) => e.message,
          );
          expect(answer, `${role} asking ${subject}`).toMatch(/no responders/i);
          await nc.close();
        }
        expect(heard).toEqual([]);
        // the master may
        expect((await m.request('f8.sig.deployOpGraph', 'x', { timeout: 5000 })).string()).toBe('ok');
        expect(heard).toEqual(['f8.sig.deployOpGraph']);
        await Promise.all([m.close(), sig.close()]);
      } finally {
        await t.stop();
      }
    },
    TIMEOUT,
  );
});
