// Connection options in one place: every f8studio client (master, services, CLI, editor)
// connects with these. nats.js ignores credentials written in a URL, so they are parsed out
// of the user info here (`nats://user:pass@host:port`, or `nats://token@host:port`) and passed
// as options, the form nats.go and the `nats` CLI read from the URL.
import { wsconnect, type ConnectionOptions, type NatsConnection } from '@nats-io/nats-core';
import { EDITOR_INBOX, NATS_USERS, SERVICES_INBOX } from '../shared/naming.js';

export interface Credentials {
  user?: string;
  pass?: string;
  token?: string;
}

export interface ParsedServerUrl extends Credentials {
  /** The URL without its user info (what the client dials and what logs may show). */
  server: string;
}

/** Splits a server URL into the address and its credentials; throws on a malformed URL. */
export function parseServerUrl(url: string): ParsedServerUrl {
  const trimmed = url.trim();
  // `host:port` without a scheme is what nats.js accepts too.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `nats://${trimmed}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new Error(`'${url}' is not a NATS server URL (expected e.g. nats://127.0.0.1:4222)`);
  }
  const out: ParsedServerUrl = { server: '' };
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  if (user && pass) {
    out.user = user;
    out.pass = pass;
  } else if (user) {
    out.token = user;
  }
  u.username = '';
  u.password = '';
  out.server = u.toString().replace(/\/$/, '');
  return out;
}

/** A URL safe to print: the password or token replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const p = parseServerUrl(url);
    if (p.user) return p.server.replace('://', `://${encodeURIComponent(p.user)}:***@`);
    if (p.token) return p.server.replace('://', '://***@');
    return p.server;
  } catch {
    return url;
  }
}

export interface ConnectOptions extends Credentials {
  /** The client's connection name (shown by the server's monitoring). */
  name: string;
  /** Reconnect for ever (default) or give up after this many tries. */
  maxReconnectAttempts?: number;
  reconnectTimeWaitMs?: number;
  timeoutMs?: number;
  /** Replies (and KV watch deliveries) arrive under this prefix instead of `_INBOX`. */
  inboxPrefix?: string;
  /** Do not receive this connection's own publishes. */
  noEcho?: boolean;
  /** nats.js builds no Error (with its stack) per request up front: faster requests, shorter traces of timeouts. */
  noAsyncTraces?: boolean;
}

/** The nats.js options for a server URL (credentials from the URL unless given explicitly). */
export function connectionOptions(url: string, opts: ConnectOptions): ConnectionOptions {
  const p = parseServerUrl(url);
  const o: ConnectionOptions = {
    servers: p.server,
    name: opts.name,
    maxReconnectAttempts: opts.maxReconnectAttempts ?? -1,
    reconnectTimeWait: opts.reconnectTimeWaitMs ?? 250,
  };
  if (opts.timeoutMs !== undefined) o.timeout = opts.timeoutMs;
  if (opts.noEcho) o.noEcho = true;
  if (opts.noAsyncTraces) o.noAsyncTraces = true;
  const user = opts.user ?? p.user;
  // the editor's and the shared service user may listen only under their own inbox prefix (src/main/nats/permissions.ts)
  // (their users' permissions allow no other: it wins over what the caller asked)
  const inboxPrefix = user === NATS_USERS.editor ? EDITOR_INBOX : user === NATS_USERS.service ? SERVICES_INBOX : opts.inboxPrefix;
  if (inboxPrefix !== undefined) o.inboxPrefix = inboxPrefix;
  const pass = opts.pass ?? p.pass;
  const token = opts.token ?? p.token;
  if (user !== undefined) o.user = user;
  if (pass !== undefined) o.pass = pass;
  if (token !== undefined) o.token = token;
  return o;
}

/** Connects over WebSocket (the browser editor; Node needs a global WebSocket for this). */
export function connectWs(url: string, opts: ConnectOptions): Promise<NatsConnection> {
  return wsconnect(connectionOptions(url, opts));
}

/** Drains a connection, closing it when the drain fails. */
export async function closeConnection(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  await nc.drain().catch(() => nc.close());
}
