// The backend as the window sees it: started through src/host with the settings' data dir and
// services folders; on success the window loads the editor from the host's web server, on
// failure a page that explains it (src/main/desktop/startup-page.ts) whose buttons come here:
// Retry, Quit, Connect to the master that holds the data dir, another data folder, the logs.
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { natsServerVersion, readDataDirSecrets, startHost, type Host } from '../../host/index.js';
import type { AppInfo, ConnectionInfo, StartupAction } from '../../shared/ipc.js';
import type { Logger } from '../../shared/ports.js';
import { desktopDataDir, desktopHostOptions } from '../desktop/backend.js';
import { dataUrl, failureFrom, failurePage, failurePageHtml, type StartupFailure } from '../desktop/startup-page.js';
import type { SettingsStore } from '../desktop/stores.js';

export interface BackendOptions {
  log: Logger;
  settings: SettingsStore;
  appName: string;
  appPath: string;
  isPackaged: boolean;
  resourcesPath: string | undefined;
  execPath: string;
  userData: string;
}

export class Backend {
  private host: Host | null = null;
  private failure: StartupFailure | null = null;
  /** Connected to another master (the data dir's lock holder) instead of our own. */
  private remote: ConnectionInfo | null = null;
  private editorUrl: string | null = null;
  appOrigin: string | null = null;
  startupPageUrl: string | null = null;
  private busy: Promise<void> | null = null;

  constructor(private readonly o: BackendOptions) {}

  dataDir(): string {
    return this.host?.dataDir ?? desktopDataDir(process.env, this.o.settings.get().dataDir);
  }
  logsDir(): string {
    return join(this.dataDir(), 'logs');
  }

  /** Starts the host; false (and the failure kept for the page) when it did not start. */
  async start(): Promise<boolean> {
    const s = this.o.settings.get();
    const { log } = this.o;
    try {
      const host = await startHost(
        desktopHostOptions({
          env: process.env,
          appPath: this.o.appPath,
          isPackaged: this.o.isPackaged,
          ...(this.o.resourcesPath ? { resourcesPath: this.o.resourcesPath } : {}),
          execPath: this.o.execPath,
          log,
          servicesDirs: s.servicesDirs,
          dataDir: s.dataDir,
          ...(s.gateway ? { gateway: s.gateway } : {}),
        }),
      );
      const web = await host.web;
      if (!web) {
        await host.stop();
        throw Object.assign(new Error('the editor is not served (see the log)'), { kind: 'web' });
      }
      this.host = host;
      this.failure = null;
      this.remote = null;
      this.editorUrl = web.url;
      this.appOrigin = new URL(web.url).origin;
      return true;
    } catch (err) {
      this.failure = failureFrom(err, { dataDir: this.dataDir(), platform: process.platform, isPackaged: this.o.isPackaged });
      log.error(`the backend did not start (${this.failure.kind}): ${this.failure.message}`);
      this.appOrigin = null;
      return false;
    }
  }

  /** Loads the editor, or the failure page, into the window. */
  async show(win: BrowserWindow, ok: boolean): Promise<void> {
    if (ok && this.editorUrl) {
      this.startupPageUrl = null;
      await win.loadURL(this.editorUrl);
      return;
    }
    const page = failurePage(this.failure ?? failureFrom(new Error('unknown'), { dataDir: this.dataDir(), platform: process.platform, isPackaged: this.o.isPackaged }));
    this.startupPageUrl = dataUrl(failurePageHtml(page, this.o.appName));
    await win.loadURL(this.startupPageUrl);
  }

  connectionInfo(): ConnectionInfo {
    if (this.remote) return this.remote;
    const h = this.host;
    return { natsWsUrl: h?.wsUrl ?? null, natsUrl: h?.plainNatsUrl ?? null, token: h?.editorToken ?? null };
  }

  async appInfo(): Promise<AppInfo> {
    const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
    return {
      name: this.o.appName,
      version: app.getVersion(),
      electron: v.electron ?? null,
      chrome: v.chrome ?? null,
      node: process.versions.node,
      natsServer: await natsServerVersion({ env: process.env }),
      platform: `${process.platform} ${process.arch}`,
      dataDir: this.dataDir(),
      logsDir: this.logsDir(),
      settingsFile: this.o.settings.path,
      apiUrl: this.host?.gateway?.apiUrl ?? null,
    };
  }

  startupAction(action: StartupAction, win: BrowserWindow | null): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.act(action, win).finally(() => (this.busy = null));
    return this.busy;
  }

  private async act(action: StartupAction, win: BrowserWindow | null): Promise<void> {
    switch (action) {
      case 'quit':
        return app.quit();
      case 'reveal-logs':
        return void (await shell.openPath(this.logsDir()));
      case 'open-data-folder':
        return void (await shell.openPath(this.dataDir()));
      case 'choose-data-dir': {
        const r = win ? await dialog.showOpenDialog(win, { title: 'Choose a data folder', properties: ['openDirectory', 'createDirectory'] }) : null;
        const dir = r && !r.canceled ? r.filePaths[0] : undefined;
        if (!dir) return;
        this.o.settings.set({ dataDir: dir });
        return this.retry(win);
      }
      case 'connect':
        return this.connect(win);
      case 'retry':
        return this.retry(win);
    }
  }

  private async retry(win: BrowserWindow | null): Promise<void> {
    const ok = await this.start();
    if (win && !win.isDestroyed()) await this.show(win, ok);
  }

  /** The data dir's lock holder serves its own editor: load it, with its editor credentials. */
  private async connect(win: BrowserWindow | null): Promise<void> {
    const urls = this.failure?.holder?.urls;
    if (!win || !urls?.EDITOR_URL || !urls.NATS_WS_URL) return;
    const page = new URL(urls.EDITOR_URL);
    this.remote = { natsWsUrl: urls.NATS_WS_URL, natsUrl: urls.NATS_URL ?? null, token: readDataDirSecrets(this.dataDir())?.editor ?? null };
    this.appOrigin = page.origin;
    this.startupPageUrl = null;
    this.o.log.info(`connected to the master of ${this.dataDir()} (pid ${this.failure?.holder?.pid}) at ${page.origin}`);
    await win.loadURL(`${page.origin}/`);
  }

  /** Stops what this app started (instances, master, nats-server, the lock); a connected master keeps running. */
  async stop(): Promise<void> {
    await this.host?.stop();
  }
}
