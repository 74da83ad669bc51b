// Links leaving the app: a page may ask to open a URL (window.open, target=_blank, a navigation);
// the window never goes there itself. Only http(s) and mailto go to the system browser or mail
// app, and never the app's own origin or loopback addresses (a page could reach local services
// through them); everything else (file:, javascript:, data:, custom schemes) is dropped.

/** The URL to hand to the OS, or null to drop it. */
export function externalLink(url: string, appOrigin: string | null): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol === 'mailto:') return u.href;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password) return null;
  if (appOrigin && u.origin === appOrigin) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0') return null;
  return u.href;
}
