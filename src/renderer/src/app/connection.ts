// Where the editor connects and with which token. A browser gets both from EDITOR_URL: the NATS
// WebSocket URL in `?nats=` and the token in the fragment (`#token=`, never sent over HTTP). The
// token is kept in sessionStorage bound to the URL it came with, and only ever sent to that
// server: a page opened with another `?nats=` connects without it (a stranger's server must not
// receive it). The desktop window gets both from the preload instead.

export interface PageLocation {
  search: string;
  hash: string;
  pathname: string;
}

export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'f8.token';

export function natsUrlFrom(loc: Pick<PageLocation, 'search'>): string | null {
  return new URLSearchParams(loc.search).get('nats');
}

/**
 * The token for `url`: from the fragment (stored with `url`, and the fragment cleared through
 * `clearHash`), else the stored one when it was issued with this very URL.
 */
export function tokenFor(url: string | null, loc: PageLocation, store: TokenStore, clearHash: () => void): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (m) {
    const token = decodeURIComponent(m[1] as string);
    clearHash();
    if (url) store.setItem(KEY, JSON.stringify({ url, token }));
    return url ? token : null;
  }
  const raw = store.getItem(KEY);
  if (!raw || !url) return null;
  try {
    const stored = JSON.parse(raw) as { url?: unknown; token?: unknown };
    return stored.url === url && typeof stored.token === 'string' ? stored.token : null;
  } catch {
    store.removeItem(KEY); // an old unbound token: never sent anywhere
    return null;
  }
}
