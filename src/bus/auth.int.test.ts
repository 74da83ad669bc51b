// Credentials and permissions against a real nats-server with authorization on: credentials
// in a URL's user info reach the server (nats.js alone ignores them), a wrong password is
// `unauthorized`, and a permission violation on a request is `unauthorized` too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer } from '../main/nats/find-binary.js';
import { eventually, rejection } from '../main/master/testing.js';
import { closeConnection, NatsTransport } from './index.js';
import { connectNode } from './node.js';

let dir: string;
let server: ChildProcess;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'f8-auth-'));
  await writeFile(
    join(dir, 'auth.conf'),
    [
      'listen: "127.0.0.1:-1"',
      `ports_file_dir: ${JSON.stringify(dir)}`,
      'authorization {',
      '  users = [',
      // an all-digit password (nats.js would read it as a port if it parsed the URL itself)
      '    { user: "alice", password: "12345", permissions: { publish: { deny: ["secret.>"] } } }',
      '    { user: "b@b", password: "p:w/d" }',
      '  ]',
      '}',
      '',
    ].join('\n'),
  );
  server = spawn(findNatsServer(), ['-c', join(dir, 'auth.conf')], { stdio: 'ignore' });
  const portsFile = await eventually(async () => (await readdir(dir)).find((f) => f.endsWith('.ports')), 'the ports file');
  port = (JSON.parse(await readFile(join(dir, portsFile), 'utf8')) as { nats: string[] }).nats.map((u) => Number(new URL(u).port))[0]!;
});
afterAll(async () => {
  server?.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('credentials and permissions', () => {
  it('user and password from the URL (also with characters that need escaping)', async () => {
    const a = await connectNode(`nats://alice:12345@127.0.0.1:${port}`, { name: 'alice' });
    const b = await connectNode(`nats://${encodeURIComponent('b@b')}:${encodeURIComponent('p:w/d')}@127.0.0.1:${port}`, { name: 'bob' });
    try {
      const echo = new NatsTransport(b).respond('echo.x', (d) => d);
      await b.flush();
      const reply = await new NatsTransport(a).request('echo.x', new TextEncoder().encode('hi'), 2000);
      expect(new TextDecoder().decode(reply)).toBe('hi');
      await echo.dispose();
    } finally {
      await closeConnection(a);
      await closeConnection(b);
    }
  });

  it('a wrong password or none -> unauthorized', async () => {
    const wrong = await rejection(connectNode(`nats://alice:nope@127.0.0.1:${port}`, { name: 'x', maxReconnectAttempts: 0 }));
    expect(wrong.code).toBe('unauthorized');
    const none = await rejection(connectNode(`nats://127.0.0.1:${port}`, { name: 'x', maxReconnectAttempts: 0 }));
    expect(none.code).toBe('unauthorized');
  });

  it('a request to a subject the user may not publish -> unauthorized', async () => {
    const a = await connectNode(`nats://alice:12345@127.0.0.1:${port}`, { name: 'alice' });
    try {
      const err = await rejection(new NatsTransport(a).request('secret.plans', new Uint8Array(), 2000));
      expect(err.code).toBe('unauthorized');
    } finally {
      await closeConnection(a);
    }
  });
});
