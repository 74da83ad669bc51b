// NATS client errors -> the contract's error codes, by type (never by message text): the one
// place the project maps them. no responders -> unavailable, timeout -> timeout, a closed or
// draining connection -> unavailable, permissions -> unauthorized, a bad subject -> invalid,
// JetStream API errors by their numeric code (a compare-and-set that lost -> conflict).
import {
  AuthorizationError,
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  InvalidSubjectError,
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
  UserAuthenticationExpiredError,
} from '@nats-io/nats-core';
import { JetStreamApiCodes, JetStreamApiError, JetStreamError } from '@nats-io/jetstream';
import { F8Error, type ErrorCode } from '../shared/errors.js';

/** The contract code for a NATS client error, or null when it is not one we know. */
export function natsErrorCode(err: unknown): ErrorCode | null {
  if (err instanceof F8Error) return err.code;
  if (err instanceof JetStreamApiError) {
    switch (err.code) {
      case JetStreamApiCodes.StreamWrongLastSequence:
      case JetStreamApiCodes.StreamWrongLastSequenceUnknown:
        return 'conflict';
      case JetStreamApiCodes.StreamNotFound:
      case JetStreamApiCodes.ConsumerNotFound:
      case JetStreamApiCodes.NoMessageFound:
        return 'not-found';
      case JetStreamApiCodes.JetStreamNotEnabledForAccount:
        return 'unavailable';
      default:
        return err.status === 400 ? 'invalid' : 'internal';
    }
  }
  if (err instanceof NoRespondersError) return 'unavailable';
  // nats.js reads "no responders" on $JS.API as JetStream being off; here it is one being busy (a reload) or restarting
  if (err instanceof Error && (err.name === 'JetStreamNotEnabled' || err.constructor.name === 'JetStreamNotEnabled')) return 'unavailable';
  if (err instanceof RequestError && err.isNoResponders()) return 'unavailable';
  if (err instanceof TimeoutError) return 'timeout';
  if (err instanceof ClosedConnectionError || err instanceof DrainingConnectionError || err instanceof ConnectionError) return 'unavailable';
  if (err instanceof PermissionViolationError || err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) return 'unauthorized';
  if (err instanceof InvalidSubjectError || err instanceof InvalidArgumentError) return 'invalid';
  // Wrappers (a RequestError around a TimeoutError, a JetStreamError around a 503) carry the cause.
  if ((err instanceof RequestError || err instanceof JetStreamError) && err.cause !== undefined) return natsErrorCode(err.cause);
  return null;
}

function describe(code: ErrorCode, what: string, err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'unavailable':
      return err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders()) ? `no responders on ${what}` : `${what}: NATS unavailable (${detail})`;
    case 'timeout':
      return `${what} timed out`;
    default:
      return `${what}: ${detail}`;
  }
}

/** Any error of a NATS operation on `what` (a subject, or `bucket/key`) as an F8Error. */
export function toBusError(err: unknown, what: string): F8Error {
  if (err instanceof F8Error) return err;
  const code = natsErrorCode(err) ?? 'internal';
  return new F8Error(code, describe(code, what, err), { cause: err });
}

/** Runs a NATS operation; its errors come out as F8Errors. */
export async function mapped<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toBusError(err, what);
  }
}
