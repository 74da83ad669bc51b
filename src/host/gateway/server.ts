// The HTTP gateway (off by default; `f8 master --gateway [PORT]`, a desktop setting): the
// control plane's OpenAPI contract (src/shared/openapi.ts) over HTTP on 127.0.0.1, forwarded to
// the same NATS handlers **as the editor** (its own connection with the editor's user: it can
// do what the editor can and nothing more; nats-server enforces it). Swagger UI is served from
// the vendored copy of @fastify/swagger-ui at /api/docs, reading the bundled document.
//
// As closed as NATS: the Host header must name a loopback address (421: DNS rebinding), the
// gateway token on every request (401), no CORS headers, only POST (405) of application/json
// (415) within the envelope's size (413). Every refusal is a reply envelope with an errorCode,
// and nothing is sent on NATS for a refused request.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { NatsConnection } from '@nats-io/nats-core';
import type { AddressInfo } from 'node:net';
import { connectNode } from '../../bus/node.js';
import { closeConnection, NatsTransport } from '../../bus/index.js';
import { encodeJson, MAX_ENVELOPE_BYTES, parseReply } from '../../shared/envelope.js';
import { F8Error, toF8Error } from '../../shared/errors.js';
import { jsonDepthProblem } from '../../shared/limits.js';
import { subjects } from '../../shared/naming.js';
import { API_BASE_PATH, API_DOCS_PATH, bundleOpenApi, operationTargets, type OperationTarget } from '../../shared/openapi.js';
import type { Logger } from '../../shared/ports.js';
import type { InstanceVerb } from '../../shared/verbs.js';
import { hostAllowed, httpStatusOf, refusal, requestFromHttp } from './mapping.js';
import { tokenMatches } from './token.js';

export interface GatewayOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** The NATS server (without credentials) and the editor's user on it. */
  natsUrl: string;
  user?: string;
  pass?: string;
  token: string;
  log: Logger;
  /** Called once per request forwarded on NATS (tests count them). */
  onForward?: (subject: string) => void;
}

export interface Gateway {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The verbs' base URL (API_URL=). */
  readonly apiUrl: string;
  /** Swagger UI (with `?token=` it sets its cookie and drops the token from the address). */
  readonly docsUrl: string;
  readonly address: AddressInfo;
  close(): Promise<void>;
}

const DOCS_COOKIE = 'f8_gateway_docs';
const MAX_CONNECTIONS = 256;

function sendEnvelope(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body));
}

function refuse(req: FastifyRequest, reply: FastifyReply, status: number, code: F8Error['code'], message: string): FastifyReply {
  return sendEnvelope(reply, status, refusal(req.headers, code, message));
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? m[1] : undefined;
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  const h = req.headers.cookie;
  if (typeof h !== 'string') return undefined;
  for (const part of h.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const isDocs = (url: string): boolean => url === API_DOCS_PATH || url.startsWith(`${API_DOCS_PATH}/`) || url.startsWith(`${API_DOCS_PATH}?`);

/** Only JSON: fastify's default text/plain parser (and any other) is removed, so another type is 415. */
function acceptJsonOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_ENVELOPE_BYTES }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return done(Object.assign(new F8Error('invalid', `the body is not JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
    const deep = jsonDepthProblem(value);
    if (deep) return done(Object.assign(new F8Error('invalid', `the body ${deep}`), { statusCode: 400 }), undefined);
    done(null, value);
  });
}

/** An operation's path with another method is 405 (fastify would say 404), anything else 404. */
function answerOtherPaths(app: FastifyInstance, targets: readonly OperationTarget[]): void {
  const shapes = targets.map((t) => new RegExp(`^${API_BASE_PATH}${t.path.replace(/\./g, '\\.').replace('{instanceId}', '[^/]+')}$`));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (shapes.some((re) => re.test(path))) {
      reply.header('allow', 'POST');
      return refuse(req, reply, 405, 'invalid', `${req.method} is not allowed on ${path.slice(0, 200)}: use POST`);
    }
    return refuse(
      req,
      reply,
      404,
      'not-found',
      `no operation at ${path.slice(0, 200)} (the operations are POST ${API_BASE_PATH}/master/<verb> and ${API_BASE_PATH}/instances/<instanceId>/<verb>; see ${API_DOCS_PATH})`,
    );
  });
}

/** The Fastify app (not listening): routes from the contract, hooks, parsers and error mapping. */
export async function buildGatewayApp(opts: {
  token: string;
  port: () => number;
  forward: (t: OperationTarget, instanceId: string | null, req: FastifyRequest) => Promise<{ status: number; body: Uint8Array | string }>;
}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_ENVELOPE_BYTES,
    // the whole request must be in within 30 s (a deploy may then run for a minute: the reply is not bounded)
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    forceCloseConnections: true,
    return503OnClosing: true,
    // a path with a trailing slash is another path (404); no case folding
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 200 },
  });

  acceptJsonOnly(app);

  // Host first (a rebinding page never learns whether its token guess was right), then the token
  app.addHook('onRequest', async (req, reply) => {
    if (!hostAllowed(req.headers.host, opts.port()))
      return refuse(req, reply, 421, 'invalid', `Host '${String(req.headers.host ?? '').slice(0, 100)}' is not a loopback name of this gateway (127.0.0.1, localhost or [::1])`);
    if (isDocs(req.url)) {
      const q = new URL(req.url, 'http://x').searchParams.get('token') ?? undefined;
      if (q !== undefined && tokenMatches(opts.token, q)) {
        // the token moves from the address into a cookie that only the docs pages get
        reply.header('set-cookie', `${DOCS_COOKIE}=${opts.token}; Path=${API_DOCS_PATH}; HttpOnly; SameSite=Strict`);
        return reply.code(303).header('location', `${API_DOCS_PATH}/`).send();
      }
      if (tokenMatches(opts.token, cookie(req, DOCS_COOKIE)) || tokenMatches(opts.token, bearer(req))) return;
      return refuse(req, reply, 401, 'unauthorized', `the docs need the gateway token: open ${API_DOCS_PATH}?token=<token>`);
    }
    if (!tokenMatches(opts.token, bearer(req))) return refuse(req, reply, 401, 'unauthorized', 'missing or wrong gateway token (Authorization: Bearer <token>)');
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (err instanceof F8Error) return refuse(req, reply, status, err.code, err.message);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(req, reply, 413, 'invalid', `the body is over the envelope limit of ${MAX_ENVELOPE_BYTES} bytes`);
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
      return refuse(req, reply, 415, 'invalid', `the body must be application/json, not '${String(req.headers['content-type'] ?? '').slice(0, 100)}'`);
    if (status >= 400 && status < 500) return refuse(req, reply, status, 'invalid', err.message);
    return refuse(req, reply, 500, 'internal', err.message);
  });

  const targets = operationTargets();
  for (const t of targets) {
    const url = `${API_BASE_PATH}${t.path.replace('{instanceId}', ':instanceId')}`;
    app.post(url, async (req, reply) => {
      const instanceId = t.kind === 'instance' ? (req.params as { instanceId: string }).instanceId : null;
      const out = await opts.forward(t, instanceId, req);
      return sendEnvelope(reply, out.status, out.body);
    });
  }

  answerOtherPaths(app, targets);

  const document = { ...bundleOpenApi(), servers: [{ url: API_BASE_PATH, description: 'this gateway' }] };
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: API_DOCS_PATH,
    staticCSP: true,
    // the top bar's "Explore" box would load another document: this page shows the gateway's own
    theme: { title: 'f8studio control plane', css: [{ filename: 'f8.css', content: '.swagger-ui .topbar { display: none; }' }] },
    uiConfig: { deepLinking: false, persistAuthorization: false, tryItOutEnabled: false, validatorUrl: null } as never,
  });
  return app;
}

/** Starts the gateway on 127.0.0.1 with its own NATS connection as the editor. */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const nc: NatsConnection = await connectNode(opts.natsUrl, {
    name: 'f8-http-gateway',
    ...(opts.user !== undefined ? { user: opts.user } : {}),
    ...(opts.pass !== undefined ? { pass: opts.pass } : {}),
    noAsyncTraces: true,
  });
  const transport = new NatsTransport(nc);
  let port = 0;
  let app: FastifyInstance | null = null;
  try {
    app = await buildGatewayApp({
      token: opts.token,
      port: () => port,
      async forward(t, instanceId, req) {
        let request;
        let subject: string;
        try {
          request = requestFromHttp(req.headers, req.body);
          subject = instanceId === null ? t.subject : subjects.instanceVerb(instanceId, t.verb as InstanceVerb);
        } catch (err) {
          const e = toF8Error(err);
          const body = refusal(req.headers, e.code, e.message);
          return { status: httpStatusOf(body), body: JSON.stringify(body) };
        }
        opts.onForward?.(subject);
        try {
          const data = await transport.request(subject, encodeJson(request), t.info.timeoutMs);
          const parsed = parseReply(data);
          return { status: httpStatusOf(parsed), body: data };
        } catch (err) {
          const e = toF8Error(err);
          const body = refusal(req.headers, e.code, e.message);
          // the refusal echoes the ids the request went out with
          const echoed = { ...body, msgId: request.msgId, traceId: request.traceId, clientId: request.clientId };
          return { status: httpStatusOf(echoed), body: JSON.stringify(echoed) };
        }
      },
    });
    await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
    // any local user can reach the port: a flood of sockets costs at most this many descriptors
    app.server.maxConnections = MAX_CONNECTIONS;
  } catch (err) {
    await app?.close().catch(() => {});
    await closeConnection(nc);
    throw err;
  }
  const address = app.server.address() as AddressInfo;
  port = address.port;
  const origin = `http://127.0.0.1:${port}`;
  opts.log.info(`HTTP gateway on ${origin}${API_BASE_PATH} (docs ${origin}${API_DOCS_PATH})`);
  const running = app;
  let closing: Promise<void> | null = null;
  return {
    origin,
    apiUrl: `${origin}${API_BASE_PATH}`,
    docsUrl: `${origin}${API_DOCS_PATH}`,
    address,
    close() {
      closing ??= (async () => {
        await running.close().catch((e: unknown) => opts.log.warn(`gateway: ${(e as Error).message}`));
        await closeConnection(nc);
      })();
      return closing;
    },
  };
}
