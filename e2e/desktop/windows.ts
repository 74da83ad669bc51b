// The app's windows on the harness's side: one browser context + page per BrowserWindow, its
// preload installed (preload.ts) and its requests routed (routes.ts), loads, reloads, state
// updates, webContents.send deliveries, and closing.
import type { BrowserContext, Page } from '@playwright/test';
import type { ChildLink } from './child.js';
import { filePathScript, installPreload } from './preload.js';
import type { ChildNote, ChildRequest } from './protocol.js';
import { PageRoutes } from './routes.js';
import { errorMessage, type DesktopWindow, type Findings, type LaunchOptions, type WindowRecord } from './types.js';

export class WindowSet {
  /** Every window the app created, by id, in creation order (closed ones stay, marked closed). */
  readonly records = new Map<number, WindowRecord>();
  readonly routes: PageRoutes;

  private readonly opts: LaunchOptions;
  private readonly timeout: number;
  private readonly link: ChildLink;
  private readonly findings: Findings;
  private readonly filePaths = new Map<string, string>();
  private colorScheme: 'light' | 'dark' = 'light';

  constructor(opts: LaunchOptions, timeout: number, link: ChildLink, findings: Findings) {
    this.opts = opts;
    this.timeout = timeout;
    this.link = link;
    this.findings = findings;
    this.routes = new PageRoutes(link, findings);
  }

  view(r: WindowRecord): DesktopWindow {
    return {
      id: r.id,
      webContentsId: r.wcId,
      page: r.page as Page,
      context: r.context as BrowserContext,
      title: r.title,
      url: r.page?.url() ?? '',
      options: r.options,
      visible: r.visible,
      focused: r.focused,
      bounds: { ...r.bounds },
    };
  }

  record(idOrPage: number | Page): WindowRecord {
    const rec = typeof idOrPage === 'number' ? this.records.get(idOrPage) : [...this.records.values()].find((r) => r.page === idOrPage);
    if (!rec) throw new Error(`no window ${typeof idOrPage === 'number' ? idOrPage : idOrPage.url()}`);
    return rec;
  }

  /** webUtils.getPathForFile(file) answers `path` for a File named `fileName` (in every window). */
  async registerFilePath(fileName: string, path: string): Promise<void> {
    this.filePaths.set(fileName, path);
    const script = filePathScript(fileName, path);
    await Promise.all(
      [...this.records.values()]
        .filter((r) => !r.closed && r.context && r.page)
        .map(async (r) => {
          await r.context?.addInitScript({ content: script });
          await r.page?.evaluate(script).catch(() => {});
        }),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // what the child asks and tells

  createWindow(body: Extract<ChildRequest, { op: 'window.create' }>): Promise<null> {
    const rec: WindowRecord = {
      id: body.winId,
      wcId: body.wcId,
      options: body.options,
      title: body.title,
      visible: body.visible,
      focused: body.visible,
      bounds: body.bounds,
      context: null,
      page: null,
      ready: Promise.resolve(),
      loading: false,
      loads: 0,
      loadError: null,
      closed: false,
      closing: null,
      queue: Promise.resolve(),
      pageTitle: '',
      popups: new WeakSet(),
    };
    if (body.visible) for (const other of this.records.values()) other.focused = false;
    this.records.set(rec.id, rec);
    rec.ready = this.openPage(rec);
    rec.ready.catch(() => {}); // observed by loads and by the reply below
    this.link.changed();
    return rec.ready.then(() => null);
  }

  async loadWindow(winId: number, url: string): Promise<null> {
    const rec = this.record(winId);
    await rec.ready;
    if (rec.closed || !rec.page) throw new Error(`window ${winId} is closed`);
    rec.loading = true;
    try {
      await rec.page.goto(url, { waitUntil: 'load', timeout: this.timeout });
      await this.syncTitle(rec);
      rec.loads++;
      rec.loadError = null;
      return null;
    } catch (err) {
      const message = errorMessage(err);
      const code = /net::(ERR_[A-Z_]+)/.exec(message)?.[1] ?? (/Timeout/.test(message) ? 'ERR_TIMED_OUT' : 'ERR_FAILED');
      rec.loadError = new Error(message);
      throw Object.assign(new Error(message.split('\n')[0] ?? message), { code });
    } finally {
      rec.loading = false;
      this.link.changed();
    }
  }

  async reload(winId: number): Promise<null> {
    const rec = this.record(winId);
    await rec.ready;
    rec.loading = true;
    try {
      await rec.page?.reload({ timeout: this.timeout });
    } finally {
      rec.loading = false;
    }
    return null;
  }

  async exec(winId: number, code: string): Promise<unknown> {
    const rec = this.record(winId);
    await rec.ready;
    return (rec.page as Page).evaluate(code);
  }

  update(body: Extract<ChildNote, { op: 'window.update' }>): void {
    const rec = this.records.get(body.winId);
    if (!rec) return;
    if (body.title !== undefined) rec.title = body.title;
    if (body.visible !== undefined) rec.visible = body.visible;
    if (body.focused !== undefined) {
      if (body.focused) for (const other of this.records.values()) other.focused = false;
      rec.focused = body.focused;
    }
    if (body.bounds) {
      rec.bounds = body.bounds;
      const { width, height } = body.bounds;
      void rec.ready.then(() => rec.page?.setViewportSize({ width, height })).catch((err) => this.findings.harnessErrors.push(`setBounds: ${errorMessage(err)}`));
    }
  }

  /** The child closed the window. */
  closed(winId: number): void {
    const rec = this.records.get(winId);
    if (rec) void this.closeRecord(rec);
  }

  /** nativeTheme.themeSource: the pages' prefers-color-scheme (and that of pages to come). */
  setColorScheme(colorScheme: 'light' | 'dark'): void {
    this.colorScheme = colorScheme;
    for (const rec of this.records.values()) void rec.page?.emulateMedia({ colorScheme }).catch(() => {});
  }

  /** webContents.send: delivered to the page's ipcRenderer listeners, in order. */
  deliver(winId: number, channel: string, args: unknown[]): void {
    const rec = this.records.get(winId);
    if (!rec) return;
    rec.queue = rec.queue.then(async () => {
      await rec.ready.catch(() => {});
      const page = rec.page;
      const delivered =
        page && !rec.closed
          ? await page
              .evaluate(
                // kept trivial: Playwright transpiles this file and sends this function as text
                function (message: { channel: string; args: unknown[] }) {
                  const g = globalThis as unknown as { __f8standinDeliver?: (c: string, a: unknown[]) => boolean };
                  return g.__f8standinDeliver ? g.__f8standinDeliver(message.channel, message.args) : false;
                },
                { channel, args },
              )
              .catch(() => false)
          : false;
      if (!delivered) this.findings.droppedMessages.push({ windowId: winId, channel });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // pages

  private async openPage(rec: WindowRecord): Promise<void> {
    const { width, height } = rec.bounds;
    const context = await this.opts.browser.newContext({ ...this.opts.contextOptions, viewport: { width, height }, colorScheme: this.colorScheme });
    rec.context = context;
    await installPreload(context, rec, this.link, this.filePaths, this.findings);
    await context.route('**/*', (route, request) => this.routes.onRoute(rec, route, request));
    const page = await context.newPage();
    rec.page = page;
    page.on('console', (m) => {
      if (m.type() === 'error') this.findings.consoleErrors.push(`[window ${rec.id}] ${m.text()}`);
    });
    page.on('pageerror', (e) => this.findings.consoleErrors.push(`[window ${rec.id}] ${e.message}`));
    page.on('domcontentloaded', () => {
      this.link.note({ op: 'wc.event', winId: rec.id, event: 'dom-ready' });
      void this.syncTitle(rec);
    });
    page.on('load', () => {
      this.link.note({ op: 'wc.event', winId: rec.id, event: 'did-finish-load' });
      void this.syncTitle(rec);
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.link.note({ op: 'wc.event', winId: rec.id, event: 'did-navigate', url: frame.url() });
    });
    page.on('crash', () => this.link.note({ op: 'wc.event', winId: rec.id, event: 'render-process-gone' }));
    page.on('close', () => {
      if (rec.closed) return;
      // closed from the page (window.close()) or by the test: the child learns it is gone
      rec.closed = true;
      this.link.note({ op: 'window.gone', winId: rec.id });
      this.link.changed();
    });
  }

  private async syncTitle(rec: WindowRecord): Promise<void> {
    const title = await rec.page?.title().catch(() => '');
    if (title && title !== rec.pageTitle) {
      rec.pageTitle = title;
      this.link.note({ op: 'wc.event', winId: rec.id, event: 'page-title-updated', title });
    }
  }

  /**
   * A closed window's page is closed at once, its browser context only when the app exits or is
   * killed: Playwright's test runner starts and stops tracing on every context of the browser at
   * test boundaries, and a context closing meanwhile fails the next test.
   */
  async closeRecord(rec: WindowRecord): Promise<void> {
    rec.closed = true;
    rec.closing ??= (async () => {
      await rec.ready.catch(() => {});
      await rec.page?.close().catch(() => {});
    })();
    this.link.changed();
    await rec.closing;
  }

  async closeContexts(): Promise<void> {
    await Promise.all(
      [...this.records.values()].map(async (rec) => {
        rec.closed = true;
        await rec.ready.catch(() => {});
        await rec.context?.close().catch(() => {});
      }),
    );
    this.link.changed();
  }
}
