// Test helpers for the gateway: one started on a master fixture's server as the editor (the way
// src/host starts it), a plain HTTP client that may send any Host header (fetch may not), and a
// count of the requests that reach NATS (anything with a reply subject under f8.>).
import { request as httpRequest } from 'node:http';
import type { NatsConnection } from '@nats-io/nats-core';
import { NATS_USERS } from '../../shared/naming.js';
import { silentLogger } from '../../shared/ports.js';
import type { MasterFixture } from '../../main/master/testing.js';
import { startGateway, type Gateway } from './server.js';

export const TEST_TOKEN = 'test-gateway-token-0123456789abcdefghijklmnop';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> & { payload?: unknown; status?: string; errorCode?: string; errorMessage?: string };
}

/** One HTTP request to 127.0.0.1:`port`; `body` as given (a string or bytes) or JSON of any other value. */
export function http(port: number, method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown; token?: string | null } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? TEST_TOKEN}` }), ...opts.headers };
  let data: Buffer | null = null;
  if (opts.body !== undefined) {
    data = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body instanceof Uint8Array ? Buffer.from(opts.body) : Buffer.from(JSON.stringify(opts.body));
    headers['content-type'] ??= 'application/json';
  }
  if (data) headers['content-length'] = String(data.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: !('host' in headers) && !('Host' in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: HttpAnswer['json'] = {};
        try {
          json = JSON.parse(text) as HttpAnswer['json'];
        } catch {
          // not JSON: the test says so
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // the server may answer (413) and close before the whole body is written
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export interface GatewayBench {
  gateway: Gateway;
  port: number;
  /** Requests forwarded on NATS by the gateway. */
  forwarded: string[];
  /**
   * Watches f8.> with the master's rights for requests (messages with a reply subject) while `act`
   * runs, then once more after a flush; the watcher is a subscriber, so nothing else may rely on
   * "no responders" meanwhile.
   */
  requestsDuring(act: () => Promise<void>): Promise<string[]>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** A gateway on the fixture's server with the editor's user and password, as src/host starts it. */
export async function startGatewayBench(f: MasterFixture, watcher: NatsConnection = f.client): Promise<GatewayBench> {
  const forwarded: string[] = [];
  const gateway = await startGateway({
    natsUrl: f.nats.server.plainNatsUrl,
    user: NATS_USERS.editor,
    pass: f.nats.server.editorToken,
    token: TEST_TOKEN,
    log: silentLogger,
    onForward: (s) => forwarded.push(s),
  });
  const port = gateway.address.port;
  return {
    gateway,
    port,
    forwarded,
    async requestsDuring(act) {
      const seen: string[] = [];
      const sub = watcher.subscribe('f8.>', {
        callback: (_e, msg) => {
          if (msg.reply) seen.push(msg.subject);
        },
      });
      try {
        await watcher.flush();
        await act();
        await watcher.flush();
        // a request on its way is seen before the master's reply reaches the gateway: one more round trip to be sure
        await watcher.flush();
        return seen;
      } finally {
        sub.unsubscribe();
      }
    },
    post: (path, body, headers) => http(port, 'POST', `/api/v1${path}`, { ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }),
    async close() {
      await gateway.close();
    },
  };
}
