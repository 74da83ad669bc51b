// Electron main: the composition root of the desktop app. One instance per user (a second launch
// hands its file to the first); it starts the backend through src/host (the same start-up as
// `f8 master`) and opens the editor window on the host's loopback web server, or a page that
// explains a failed start with Retry and Quit. Logic lives in plain modules (src/main/desktop);
// this file and src/main/app are thin glue.
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, session, shell } from 'electron';
import { IPC_EVENTS, type ConnectionInfo, type DocumentState, type IpcEventName, type IpcEventTypes, type MenuCommand } from '../shared/ipc.js';
import { consoleLogger } from './util/log.js';
import { graphFileFromArgv, isGraphPath } from './desktop/argv.js';
import { closeQuestion, decideClose, WindowRequests } from './desktop/close-flow.js';
import { desktopIpc, KnownPaths, readGraphFile } from './desktop/ipc.js';
import { menuTemplate, type MenuAction } from './desktop/menu.js';
import { QuitFlow } from './desktop/quit-flow.js';
import { RecentFiles, SettingsStore, WindowStateStore } from './desktop/stores.js';
import { applyMenu } from './app/menu.js';
import { Backend } from './app/backend.js';
import { createEditorWindow, reveal } from './app/window.js';

const log = consoleLogger('desktop');
const APP_NAME = 'f8studio';
const GRAPH_FILTERS = [
  { name: 'f8studio graph', extensions: ['f8graph', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

/** The desktop app's state and its handlers: files, menu, closing, IPC, start-up and quit. */
class DesktopApp {
  private win: BrowserWindow | null = null;
  private backend: Backend | null = null;
  private menuCommands: MenuCommand[] | null = null;
  private readonly docs = new Map<number, DocumentState>();
  private readonly readyWindows = new Set<number>();
  private readonly pendingFiles: string[] = [];
  private readonly known = new KnownPaths();
  private readonly requests = new WindowRequests();
  private readonly allowedToClose = new Set<number>();
  private readonly closing = new Set<number>();
  private settings!: SettingsStore;
  private recent!: RecentFiles;

  run(): void {
    // --- files that arrive from outside: argv, a second launch, the OS (macOS open-file)
    app.on('open-file', (e, path) => {
      e.preventDefault();
      if (isGraphPath(path)) void this.openInWindow(path);
    });
    app.on('second-instance', (_e, argv, cwd) => {
      if (this.win) reveal(this.win);
      const file = graphFileFromArgv(argv, { isPackaged: app.isPackaged, cwd });
      if (file) void this.openInWindow(file);
    });
    void app.whenReady().then(() => this.ready());
    this.wireQuit();
  }

  private send<E extends IpcEventName>(w: BrowserWindow, event: E, payload: IpcEventTypes[E]): void {
    w.webContents.send(IPC_EVENTS[event].channel, payload);
  }

  private async openInWindow(path: string): Promise<void> {
    const win = this.win;
    if (!win || !this.readyWindows.has(win.id)) return void this.pendingFiles.push(path);
    try {
      const file = await readGraphFile(path);
      this.known.add(file.path);
      this.recent.add(file.path);
      this.refreshMenu();
      this.send(win, 'openFile', file);
    } catch (err) {
      dialog.showErrorBox('f8studio could not open the file', (err as Error).message);
    }
  }

  // --- the menu: the editor's commands (sent by the window) plus the app's own items
  private refreshMenu(): void {
    applyMenu(menuTemplate({ appName: APP_NAME, platform: process.platform, commands: this.menuCommands, recent: this.recent.all() }), (a) => this.onMenuAction(a));
  }

  private onMenuAction(a: MenuAction): void {
    const { win, backend } = this;
    if (a.kind === 'command') {
      if (win) this.send(win, 'menuCommand', { id: a.id, ...(a.arg !== undefined ? { arg: a.arg } : {}) });
      return;
    }
    switch (a.what) {
      case 'about':
        return void this.showAbout();
      case 'settings':
        if (win && this.readyWindows.has(win.id)) this.send(win, 'menuCommand', { id: 'app.settings' });
        return;
      case 'reveal-logs':
        return void shell.openPath(backend?.logsDir() ?? '');
      case 'open-data-folder':
        return void shell.openPath(backend?.dataDir() ?? '');
      case 'open-recent':
        return void (a.path && this.openInWindow(a.path));
      case 'clear-recent':
        this.recent.clear();
        return this.refreshMenu();
    }
  }

  private async showAbout(): Promise<void> {
    const info = await this.backend!.appInfo();
    const detail = [
      `Version ${info.version}`,
      `Electron ${info.electron ?? 'none (not running in Electron)'}`,
      `Chromium ${info.chrome ?? '-'}`,
      `Node ${info.node}`,
      `nats-server ${info.natsServer ?? 'not found'}`,
      '',
      `Data: ${info.dataDir}`,
      `Settings: ${info.settingsFile}`,
    ].join('\n');
    const opts = { type: 'info' as const, title: `About ${APP_NAME}`, message: `${APP_NAME} ${info.version}`, detail, buttons: ['OK'] };
    await (this.win ? dialog.showMessageBox(this.win, opts) : dialog.showMessageBox(opts));
  }

  // --- closing: unsaved changes are asked about here, in main
  private confirmClose(w: BrowserWindow): ReturnType<typeof decideClose> {
    const { requests, docs } = this;
    return decideClose({
      queryDocument: async () => {
        if (!this.readyWindows.has(w.id)) return null;
        const v = await requests.ask(w.id, (requestId) => this.send(w, 'closeQuery', { requestId }), 3000);
        return v && typeof v.dirty === 'boolean' ? { dirty: v.dirty, name: String(v.name ?? docs.get(w.id)?.name ?? 'Untitled') } : null;
      },
      lastKnown: () => docs.get(w.id) ?? null,
      ask: async (doc) => {
        reveal(w);
        const r = await dialog.showMessageBox(w, { type: 'warning', ...closeQuestion(doc, APP_NAME), noLink: true });
        return (r.response === 0 || r.response === 1 ? r.response : 2) as 0 | 1 | 2;
      },
      save: async () => (await requests.ask(w.id, (requestId) => this.send(w, 'saveForClose', { requestId }), 30 * 60_000))?.saved === true,
    });
  }

  private guardClose(w: BrowserWindow): void {
    w.on('close', (e) => {
      if (this.allowedToClose.has(w.id)) return;
      e.preventDefault();
      if (this.closing.has(w.id)) return;
      this.closing.add(w.id);
      void this.confirmClose(w).then((d) => {
        this.closing.delete(w.id);
        if (d === 'close') {
          this.allowedToClose.add(w.id);
          w.close();
        }
      });
    });
    w.on('closed', () => {
      this.requests.dropWindow(w.id);
      this.readyWindows.delete(w.id);
      this.docs.delete(w.id);
      if (this.win === w) this.win = null;
    });
  }

  private setTitle(w: BrowserWindow, doc: DocumentState | undefined): void {
    w.setTitle(doc ? `${doc.dirty ? '● ' : ''}${doc.name} • ${APP_NAME}` : APP_NAME);
    if (process.platform === 'darwin') {
      w.setDocumentEdited(!!doc?.dirty);
      w.setRepresentedFilename(doc?.path ?? '');
    }
  }

  private windowReady(id: number): void {
    if (this.readyWindows.has(id)) return;
    this.readyWindows.add(id);
    for (const p of this.pendingFiles.splice(0)) void this.openInWindow(p);
  }

  private registerIpc(): void {
    const handlers = desktopIpc(
      {
        appOrigin: () => this.backend?.appOrigin ?? null,
        startupPageUrl: () => this.backend?.startupPageUrl ?? null,
        connectionInfo: (): ConnectionInfo => this.backend!.connectionInfo(),
        chooseOpenPath: async () => {
          const r = await dialog.showOpenDialog(this.win as BrowserWindow, { title: 'Open graph', properties: ['openFile'], filters: GRAPH_FILTERS });
          return r.canceled ? null : (r.filePaths[0] ?? null);
        },
        chooseSavePath: async (name) => {
          const r = await dialog.showSaveDialog(this.win as BrowserWindow, { title: 'Save graph', defaultPath: name, filters: GRAPH_FILTERS });
          return r.canceled ? null : (r.filePath ?? null);
        },
        recent: {
          all: () => this.recent.all(),
          has: (p) => this.recent.has(p),
          add: (p) => (this.recent.add(p), this.refreshMenu()),
        },
        settings: {
          get: () => this.settings.get(),
          set: (patch) => {
            const next = this.settings.set(patch);
            if (patch.theme) nativeTheme.themeSource = patch.theme;
            return next;
          },
        },
        appInfo: () => this.backend!.appInfo(),
        revealLogs: async () => void (await shell.openPath(this.backend!.logsDir())),
        openDataFolder: async () => void (await shell.openPath(this.backend!.dataDir())),
        documentState: (id, state) => {
          this.docs.set(id, state);
          const w = BrowserWindow.fromId(id);
          if (w) this.setTitle(w, state);
          this.windowReady(id);
        },
        menuState: (id, commands) => {
          if (this.win?.id !== id) return;
          this.menuCommands = commands;
          this.refreshMenu();
          this.windowReady(id);
        },
        reply: (id, r) => void this.requests.answer(id, r.requestId, r.value),
        startupAction: (action) => void this.backend?.startupAction(action, this.win),
      },
      this.known,
    );
    for (const [channel, handle] of Object.entries(handlers)) {
      ipcMain.handle(channel, (event, payload: unknown) => {
        const windowId = BrowserWindow.fromWebContents(event.sender)?.id ?? -1;
        return handle({ url: event.senderFrame?.url, windowId }, payload);
      });
    }
  }

  /** Once Electron is ready: stores, permissions, IPC, menu, the backend, then the window. */
  private async ready(): Promise<void> {
    const userData = app.getPath('userData');
    this.settings = new SettingsStore(userData, log);
    this.recent = new RecentFiles(userData, log);
    nativeTheme.themeSource = this.settings.get().theme;
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    this.registerIpc();
    this.refreshMenu();
    const argvFile = graphFileFromArgv(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() });
    if (argvFile) this.pendingFiles.push(argvFile);

    const backend = new Backend({
      log,
      settings: this.settings,
      appName: APP_NAME,
      appPath: app.getAppPath(),
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      execPath: process.execPath,
      userData,
    });
    this.backend = backend;
    const ok = await backend.start();
    const win = createEditorWindow({ states: new WindowStateStore(userData, log), appOrigin: () => this.backend?.appOrigin ?? null, log });
    this.win = win;
    this.guardClose(win);
    win.once('ready-to-show', () => this.win?.show());
    await backend.show(win, ok);
    win.show();
  }

  /**
   * Quit: ask about unsaved changes, then stop the instances, the master and nats-server and
   * release the lock; a second quit while that runs exits at once.
   */
  private wireQuit(): void {
    const quit = new QuitFlow<BrowserWindow>({
      windows: () => BrowserWindow.getAllWindows().filter((w) => !this.allowedToClose.has(w.id)),
      confirm: (w) => this.confirmClose(w),
      allowClose: (w) => void this.allowedToClose.add(w.id),
      closeAll: () => BrowserWindow.getAllWindows().forEach((w) => w.close()),
      stopBackend: async () => this.backend?.stop(),
      exit: (code) => app.exit(code),
      log,
    });
    app.on('before-quit', (e) => void quit.beforeQuit(() => e.preventDefault()));
    app.on('window-all-closed', () => {
      if (quit.phase === 'running') app.quit();
    });
  }
}

if (!app.requestSingleInstanceLock()) {
  // another f8studio runs for this user: it got our argv ('second-instance') and opens the file
  app.quit();
} else {
  new DesktopApp().run();
}
