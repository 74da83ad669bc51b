// Every request of a window's browser context goes through here: a popup's first navigation asks
// setWindowOpenHandler, a main-frame navigation asks will-navigate, and an http(s) response gets
// the app's session.webRequest.onHeadersReceived applied.
import type { Page, Request, Route } from '@playwright/test';
import type { ChildLink } from './child.js';
import type { HeadersDetails } from './protocol.js';
import { errorMessage, type Findings, type WindowRecord } from './types.js';

/** Electron's resourceType for a Playwright request. */
function resourceType(request: Request, page: Page | null): string {
  switch (request.resourceType()) {
    case 'document':
      try {
        return page && request.frame() === page.mainFrame() ? 'mainFrame' : 'subFrame';
      } catch {
        return 'mainFrame';
      }
    case 'stylesheet':
    case 'script':
    case 'image':
    case 'font':
    case 'media':
      return request.resourceType();
    case 'xhr':
    case 'fetch':
    case 'eventsource':
      return 'xhr';
    case 'websocket':
      return 'webSocket';
    case 'ping':
      return 'ping';
    default:
      return 'other';
  }
}

export class PageRoutes {
  /** The app has an onHeadersReceived listener. */
  headersActive = false;

  private readonly link: ChildLink;
  private readonly findings: Findings;
  private headersSeq = 0;

  constructor(link: ChildLink, findings: Findings) {
    this.link = link;
    this.findings = findings;
  }

  async onRoute(rec: WindowRecord, route: Route, request: Request): Promise<void> {
    let handled = false;
    try {
      let page: Page | null = null;
      let isMainFrame = false;
      try {
        const frame = request.frame();
        page = frame.page();
        isMainFrame = frame === page.mainFrame();
      } catch {
        // a service worker's request has no frame
      }
      const navigation = request.isNavigationRequest() && isMainFrame;
      if (navigation && page && page !== rec.page && !rec.popups.has(page)) {
        // a popup (window.open, target=_blank): setWindowOpenHandler decides
        rec.popups.add(page);
        const answer = await this.link.request({ op: 'wc.windowOpen', winId: rec.id, url: request.url(), frameName: '', features: '' });
        handled = true;
        await route.abort('aborted');
        await page.close().catch(() => {});
        if (answer.action === 'allow') this.findings.unsupported.push(`window ${rec.id}: a window.open the app allowed (${request.url()}): the stand-in opens no child windows`);
        return;
      }
      if (navigation && page === rec.page && !rec.loading && !request.redirectedFrom()) {
        const { prevented } = await this.link.request({ op: 'wc.willNavigate', winId: rec.id, url: request.url() });
        if (prevented) {
          this.findings.blockedNavigations.push({ windowId: rec.id, url: request.url() });
          handled = true;
          await route.abort('aborted');
          return;
        }
      }
      if (this.headersActive && /^https?:/i.test(request.url())) {
        await this.applyHeaders(rec, route, request, page);
        handled = true;
        return;
      }
      handled = true;
      await route.fallback();
    } catch (err) {
      if (!rec.closed && !this.link.exitStatus) this.findings.harnessErrors.push(`route ${request.url()}: ${errorMessage(err)}`);
      if (!handled) await route.fallback().catch(() => {});
    }
  }

  /** session.webRequest.onHeadersReceived, applied: fetch the response, let the app edit its headers, fulfill. */
  private async applyHeaders(rec: WindowRecord, route: Route, request: Request, page: Page | null): Promise<void> {
    let response;
    try {
      response = await route.fetch({ maxRedirects: 0 });
    } catch {
      // the network failed (refused, reset): let Chromium meet the same failure, with its own error
      await route.fallback();
      return;
    }
    const responseHeaders: Record<string, string[]> = {};
    for (const { name, value } of response.headersArray()) (responseHeaders[name] ??= []).push(value);
    const details: HeadersDetails = {
      id: ++this.headersSeq,
      url: request.url(),
      method: request.method(),
      resourceType: resourceType(request, page),
      referrer: request.headers()['referer'] ?? '',
      timestamp: Date.now(),
      statusCode: response.status(),
      statusLine: `HTTP/1.1 ${response.status()} ${response.statusText()}`,
      responseHeaders,
      webContentsId: rec.wcId,
    };
    const answer = await this.link.request({ op: 'session.headers', details });
    if (answer.cancel) {
      await route.abort('blockedbyclient');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.responseHeaders ?? responseHeaders)) {
      // the body Playwright fetched is already decoded and whole
      if (/^(content-encoding|content-length|transfer-encoding)$/i.test(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(name.toLowerCase() === 'set-cookie' ? '\n' : ', ') : String(value);
    }
    const status = answer.statusLine ? Number(/^\S+\s+(\d{3})/.exec(answer.statusLine)?.[1] ?? response.status()) : response.status();
    await route.fulfill({ response, status, headers });
  }
}
