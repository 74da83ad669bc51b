// Who sent a request, as nats-server says it (not as the envelope claims). A request that
// crosses accounts carries the `Nats-Request-Info` header, stamped by the server, naming the
// calling account: a client cannot forge it. A request within one account, or on a server
// without accounts (`F8_NATS_URL`), carries none: its caller is `null`.

export interface Caller {
  /** The calling account, or null when the server did not stamp one. */
  readonly account: string | null;
}

export const REQUEST_INFO_HEADER = 'Nats-Request-Info';
export const UNSTAMPED: Caller = Object.freeze({ account: null });

/** The caller named by a `Nats-Request-Info` header value (`{"acc":"ED",...}`); unstamped when absent or unreadable. */
export function callerFrom(requestInfo: string | null | undefined): Caller {
  if (!requestInfo) return UNSTAMPED;
  try {
    const v = JSON.parse(requestInfo) as { acc?: unknown };
    return typeof v.acc === 'string' && v.acc !== '' ? { account: v.acc } : UNSTAMPED;
  } catch {
    return UNSTAMPED;
  }
}
