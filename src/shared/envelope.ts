// Envelopes: build, parse and validate requests and replies (docs/contract.md, Envelope).
import { jsonDepthProblem } from './limits.js';
import { F8Error, isErrorCode, type ErrorCode } from './errors.js';
import { validate } from './schemas.js';
import type { ReplyEnvelope, RequestEnvelope } from './types.js';

export const API_VERSION = 'v1' as const;
/** A request whose envelope is larger than this is refused with `invalid`. */
export const MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** A random id (uuid v4) from the platform's Web Crypto. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** The request fields a reply echoes. */
export interface EchoFields {
  msgId: string;
  traceId: string;
  clientId: string;
  hop: number;
  headers?: Record<string, string>;
}

export interface BuildRequestOptions {
  clientId: string;
  msgId?: string;
  traceId?: string;
  hop?: number;
  headers?: Record<string, string>;
  now?: number;
}

export function buildRequest<P>(payload: P, opts: BuildRequestOptions): RequestEnvelope<P> {
  const req: RequestEnvelope<P> = {
    msgId: opts.msgId ?? newId(),
    traceId: opts.traceId ?? newId(),
    clientId: opts.clientId,
    hop: opts.hop ?? 0,
    ts: new Date(opts.now ?? Date.now()).toISOString(),
    apiVersion: API_VERSION,
    payload,
  };
  if (opts.headers) req.headers = opts.headers;
  return req;
}

function echo(req: EchoFields, now: number): Omit<ReplyEnvelope, 'status' | 'payload'> {
  const out: Omit<ReplyEnvelope, 'status' | 'payload'> = {
    msgId: req.msgId,
    traceId: req.traceId,
    clientId: req.clientId,
    hop: req.hop,
    ts: new Date(now).toISOString(),
    apiVersion: API_VERSION,
  };
  if (req.headers) out.headers = req.headers;
  return out;
}

export function okReply<P>(req: EchoFields, payload: P, now = Date.now()): ReplyEnvelope<P> {
  return { ...echo(req, now), status: 'ok', payload };
}

export function errorReply(req: EchoFields, code: ErrorCode, message: string, payload: unknown = null, now = Date.now()): ReplyEnvelope {
  return {
    ...echo(req, now),
    status: 'error',
    errorCode: code,
    errorMessage: message.trim() === '' ? code : message,
    payload: payload ?? null,
  };
}

export function errorReplyFrom(req: EchoFields, err: F8Error, now = Date.now()): ReplyEnvelope {
  return errorReply(req, err.code, err.message, err.payload ?? null, now);
}

/** What could be read of a malformed request, for the echo of its `invalid` reply. */
function salvageEcho(raw: unknown): EchoFields {
  const obj = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : fallback);
  const out: EchoFields = {
    msgId: str(obj.msgId, 'unknown'),
    traceId: str(obj.traceId, 'unknown'),
    clientId: typeof obj.clientId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(obj.clientId) ? obj.clientId : 'unknown',
    hop: typeof obj.hop === 'number' && Number.isInteger(obj.hop) && obj.hop >= 0 ? obj.hop : 0,
  };
  return out;
}

export type ParsedRequest = { ok: true; request: RequestEnvelope } | { ok: false; error: F8Error; echo: EchoFields };

/** Parses and validates a request envelope; never throws. */
export function parseRequest(data: Uint8Array | string, maxBytes = MAX_ENVELOPE_BYTES): ParsedRequest {
  const size = typeof data === 'string' ? encoder.encode(data).length : data.length;
  if (size > maxBytes) {
    let echoFields = salvageEcho(undefined);
    // Reading a huge body to echo ids is still cheap next to the transport; try the first bytes.
    const head = typeof data === 'string' ? data.slice(0, 4096) : safeDecode(data.subarray(0, 4096));
    const m = head === null ? null : /"msgId"\s*:\s*"([^"]{1,128})"/.exec(head);
    if (m) echoFields = { ...echoFields, msgId: m[1] as string };
    return { ok: false, error: new F8Error('invalid', `envelope is ${size} bytes, over the ${maxBytes}-byte limit`), echo: echoFields };
  }
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    const decoded = safeDecode(data);
    if (decoded === null) return { ok: false, error: new F8Error('invalid', 'envelope is not valid UTF-8'), echo: salvageEcho(undefined) };
    text = decoded;
  }
  if (text.trim() === '') return { ok: false, error: new F8Error('invalid', 'envelope is empty: expected a JSON object'), echo: salvageEcho(undefined) };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: new F8Error('invalid', `envelope is not JSON: ${(err as Error).message}`), echo: salvageEcho(undefined) };
  }
  const deep = jsonDepthProblem(raw);
  if (deep) return { ok: false, error: new F8Error('invalid', `envelope ${deep}`), echo: salvageEcho(raw) };
  const result = validate<RequestEnvelope>('envelope-request', raw);
  if (!result.ok) return { ok: false, error: new F8Error('invalid', `envelope: ${result.message}`), echo: salvageEcho(raw) };
  return { ok: true, request: result.value };
}

function safeDecode(data: Uint8Array): string | null {
  try {
    return decoder.decode(data);
  } catch {
    return null;
  }
}

/** Parses a reply envelope; throws `invalid` when it is not one. */
export function parseReply<P = unknown>(data: Uint8Array | string): ReplyEnvelope<P> {
  const text = typeof data === 'string' ? data : safeDecode(data);
  if (text === null) throw new F8Error('invalid', 'reply is not valid UTF-8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new F8Error('invalid', `reply is not JSON: ${(err as Error).message}`);
  }
  const deep = jsonDepthProblem(raw);
  if (deep) throw new F8Error('invalid', `reply ${deep}`);
  const result = validate<ReplyEnvelope<P>>('envelope-reply', raw);
  if (!result.ok) throw new F8Error('invalid', `reply: ${result.message}`);
  return result.value;
}

/** The reply's payload, or its error as an F8Error. */
export function unwrapReply<P>(reply: ReplyEnvelope<P>): P {
  if (reply.status === 'ok') return reply.payload;
  const code = isErrorCode(reply.errorCode) ? reply.errorCode : 'internal';
  throw new F8Error(code, reply.errorMessage ?? code, { payload: reply.payload });
}
