// HTTP <-> envelope for the gateway: the request headers that fill the envelope, the HTTP status
// of a reply, the error body of a refusal (always a reply envelope, so a client parses one shape),
// and the Host names a loopback server answers to (DNS rebinding: any other name is refused).
import { buildRequest, errorReply, type EchoFields } from '../../shared/envelope.js';
import { CLIENT_ID_PATTERN } from '../../shared/naming.js';
import { ENVELOPE_HEADERS, STATUS_OF_ERROR } from '../../shared/openapi.js';
import { F8Error, isErrorCode, type ErrorCode } from '../../shared/errors.js';
import type { ReplyEnvelope, RequestEnvelope } from '../../shared/types.js';

/** The clientId of a request without a client-id header. */
export const DEFAULT_HTTP_CLIENT_ID = 'http';
/** The gateway forwards: its requests start one hop in (gateway -> master -> instance). */
export const GATEWAY_HOP = 1;

type Headers = Record<string, string | string[] | undefined>;

function one(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const ID_TEXT = /^[\x21-\x7e]{1,128}$/;

/** The envelope's ids from the headers (generated when absent); a malformed header is `invalid`. */
export function envelopeIds(headers: Headers): { clientId: string; msgId?: string; traceId?: string } {
  const clientId = one(headers, ENVELOPE_HEADERS.clientId) ?? DEFAULT_HTTP_CLIENT_ID;
  if (!CLIENT_ID_PATTERN.test(clientId)) throw new F8Error('invalid', `header ${ENVELOPE_HEADERS.clientId} '${clientId.slice(0, 80)}' must match ${CLIENT_ID_PATTERN.source}`);
  const out: { clientId: string; msgId?: string; traceId?: string } = { clientId };
  for (const [field, name] of [
    ['msgId', ENVELOPE_HEADERS.msgId],
    ['traceId', ENVELOPE_HEADERS.traceId],
  ] as const) {
    const v = one(headers, name);
    if (v === undefined) continue;
    if (!ID_TEXT.test(v)) throw new F8Error('invalid', `header ${name} must be 1 to 128 visible ASCII characters`);
    out[field] = v;
  }
  return out;
}

/** The request envelope of an HTTP request: its body is the payload (an empty body is {}). */
export function requestFromHttp(headers: Headers, payload: unknown): RequestEnvelope {
  return buildRequest(payload === undefined ? {} : payload, { ...envelopeIds(headers), hop: GATEWAY_HOP });
}

/** What a refusal echoes: the request's ids where they are readable, else generated ones. */
export function echoOf(headers: Headers): EchoFields {
  let ids: { clientId: string; msgId?: string; traceId?: string };
  try {
    ids = envelopeIds(headers);
  } catch {
    ids = { clientId: 'unknown' };
  }
  const req = buildRequest(null, { ...ids, hop: GATEWAY_HOP });
  return { msgId: req.msgId, traceId: req.traceId, clientId: req.clientId, hop: req.hop };
}

/** The HTTP status of a reply envelope. */
export function httpStatusOf(reply: Pick<ReplyEnvelope, 'status' | 'errorCode'>): number {
  if (reply.status === 'ok') return 200;
  return isErrorCode(reply.errorCode) ? STATUS_OF_ERROR[reply.errorCode] : 500;
}

/** A refusal of the gateway itself: an error reply envelope (`code`) sent with `status`. */
export function refusal(headers: Headers, code: ErrorCode, message: string): ReplyEnvelope {
  return errorReply(echoOf(headers), code, message);
}

/** Whether a Host header names this loopback server (127.0.0.1, localhost or [::1], with its port or none). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (typeof host !== 'string') return false;
  const m = /^(127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/i.exec(host.trim());
  return m !== null && (m[2] === undefined || Number(m[2]) === port);
}
