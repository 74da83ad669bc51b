// Runs a built Electron main bundle in plain Node with a stand-in for `electron`
// (stand-in/electron.mjs) and opens each of its windows as a Playwright page in its own browser
// context. See README.md for how it works and what it cannot prove.
//
//   const desk = await launchDesktop({ browser, mainBundle: 'out/main/index.js', env, userData });
//   const page = await desk.firstWindow();
//   ...
//   expect(await desk.quit()).toEqual({ code: 0, signal: null });
//
// This file is the test-facing object; its parts: child.ts (the child process and the protocol),
// windows.ts (pages) with preload.ts and routes.ts, records.ts (dialogs, menu, shell, app and
// session calls), lifecycle.ts (quit, kill, the process group).
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { ChildLink } from './child.js';
import { killApp, processGroup, quitApp } from './lifecycle.js';
import type { ChildNote, ChildReplies, ChildRequest, DialogAnswers, DialogMethod, MenuItemSnapshot, ParentReplies, ParentRequest } from './protocol.js';
import { CallRecords } from './records.js';
import { errorMessage, type DesktopWindow, type DialogCall, type ExitStatus, type Findings, type LaunchOptions, type Recorded, type SessionCall, type ShellCall } from './types.js';
import { WindowSet } from './windows.js';

export type { DialogAnswers, DialogMethod, MenuItemSnapshot, WindowOptions } from './protocol.js';
export type { DesktopWindow, DialogCall, ExitStatus, LaunchOptions, Recorded, SessionCall, ShellCall } from './types.js';

export class Desktop implements Findings {
  readonly child: ChildProcess;
  /** Console errors and uncaught page errors of every window, as `[window N] text`. */
  readonly consoleErrors: string[] = [];
  /** Every dialog the app showed, with the answer it got. */
  readonly dialogCalls: DialogCall[] = [];
  readonly shellCalls: ShellCall[] = [];
  /** app.* calls the stand-in records (setAboutPanelOptions, commandLine.appendSwitch, ...). */
  readonly appCalls: Recorded[] = [];
  readonly sessionCalls: SessionCall[] = [];
  /** Things the app did that the stand-in does not support (also thrown in the child where possible). */
  readonly unsupported: string[] = [];
  /** Problems of the harness itself (a delivery that failed, a route that broke). */
  readonly harnessErrors: string[] = [];
  /** Navigations the app refused in will-navigate. */
  readonly blockedNavigations: { windowId: number; url: string }[] = [];
  /** Messages of webContents.send that found no page to take them. */
  readonly droppedMessages: { windowId: number; channel: string }[] = [];
  readonly exited: Promise<ExitStatus>;

  private readonly timeout: number;
  private readonly link: ChildLink;
  private readonly wins: WindowSet;
  private readonly calls = new CallRecords(this);
  private isReady = false;

  constructor(opts: LaunchOptions) {
    this.timeout = opts.timeoutMs ?? 30_000;
    // the child's messages and exit arrive asynchronously, when `wins` is set
    this.link = new ChildLink(opts, this.timeout, this, {
      answer: (body) => this.answer(body),
      onNote: (body) => this.onNote(body),
      onExit: () => this.wins.closeContexts(),
    });
    this.wins = new WindowSet(opts, this.timeout, this.link, this);
    this.child = this.link.child;
    this.exited = this.link.exited;
  }

  /** pid of the child (the "main process"). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether 'ready' was emitted in the child. */
  get ready(): boolean {
    return this.isReady;
  }

  /** The child's stdout and stderr so far (for failure messages). */
  output(): string {
    return this.link.output();
  }

  // ---------------------------------------------------------------------------------------------
  // windows

  /** The first window's page, once its first loadURL/loadFile finished. */
  async firstWindow(timeoutMs = this.timeout): Promise<Page> {
    const rec = await this.link.until(
      () => {
        const first = [...this.wins.records.values()][0];
        if (first?.loadError && first.loads === 0) throw new Error(`the first window failed to load: ${first.loadError.message}`);
        return first && first.loads > 0 && first.page ? first : undefined;
      },
      timeoutMs,
      'the first window to load',
    );
    return rec.page as Page;
  }

  /** The open windows, in creation order. */
  windows(): DesktopWindow[] {
    return [...this.wins.records.values()].filter((r) => !r.closed && r.page && r.context).map((r) => this.wins.view(r));
  }

  window(idOrPage: number | Page): DesktopWindow {
    const rec = this.wins.record(idOrPage);
    if (rec.closed || !rec.page) throw new Error(`window ${rec.id} is closed`);
    return this.wins.view(rec);
  }

  /** Waits for an open window that loaded at least once and matches `predicate`. */
  async waitForWindow(predicate: (w: DesktopWindow) => boolean = () => true, timeoutMs = this.timeout): Promise<DesktopWindow> {
    return this.link.until(
      () =>
        [...this.wins.records.values()]
          .filter((r) => !r.closed && r.loads > 0 && r.page)
          .map((r) => this.wins.view(r))
          .find(predicate),
      timeoutMs,
      'a window',
    );
  }

  /** The user closes a window (its 'close' event may be prevented): true when it closed. */
  async closeWindow(idOrPage: number | Page): Promise<boolean> {
    const rec = this.wins.record(idOrPage);
    if (rec.closed) return true;
    const { closed } = await this.link.request({ op: 'window.userClose', winId: rec.id });
    if (closed) await this.wins.closeRecord(rec);
    return closed;
  }

  /** The user focuses a window: the page comes to the front and the child emits 'focus'. */
  async focusWindow(idOrPage: number | Page): Promise<void> {
    const rec = this.wins.record(idOrPage);
    await rec.page?.bringToFront();
    await this.link.request({ op: 'window.focus', winId: rec.id });
  }

  // ---------------------------------------------------------------------------------------------
  // what the test plays: dialogs, menu, ipc, app events, files, permissions

  /** Queues the answer to the next call of `method` (first in, first out). */
  answerDialog<M extends DialogMethod>(method: M, answer: DialogAnswers[M]): void {
    this.calls.answerDialog(method, answer);
  }

  /** The application menu as last set by Menu.setApplicationMenu (null when none). */
  menuTemplate(): MenuItemSnapshot[] | null {
    return this.calls.menu;
  }

  /** Clicks an application-menu item by its path of labels (or roles, or ids): clickMenu('File', 'Open…'). */
  async clickMenu(...path: string[]): Promise<void> {
    await this.link.request({ op: 'menu.click', path });
  }

  /**
   * ipcRenderer.invoke as if from `page`, with the sender frame's url overridden: a string, or null
   * for a missing senderFrame. Rejects like Electron: "Error invoking remote method 'ch': Error: msg".
   */
  async invokeAs(idOrPage: number | Page, channel: string, args: unknown[] = [], opts: { senderUrl?: string | null } = {}): Promise<unknown> {
    const rec = this.wins.record(idOrPage);
    const senderUrl = opts.senderUrl === undefined ? (rec.page?.mainFrame().url() ?? '') : opts.senderUrl;
    try {
      return await this.link.request({ op: 'ipc.invoke', winId: rec.id, channel, args, senderUrl });
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${errorMessage(err)}`);
    }
  }

  /** ipcRenderer.send as if from `page`, with the same sender override as invokeAs. */
  sendAs(idOrPage: number | Page, channel: string, args: unknown[] = [], opts: { senderUrl?: string | null } = {}): void {
    const rec = this.wins.record(idOrPage);
    const senderUrl = opts.senderUrl === undefined ? (rec.page?.mainFrame().url() ?? '') : opts.senderUrl;
    this.link.note({ op: 'ipc.send', winId: rec.id, channel, args, senderUrl });
  }

  /** Emits an app event the OS would send: 'second-instance' (argv, cwd), 'open-file' (path), 'activate'. */
  async emitApp(event: Extract<ParentRequest, { op: 'app.emit' }>['event'], ...args: unknown[]): Promise<{ prevented: boolean }> {
    return this.link.request({ op: 'app.emit', event, args });
  }

  /** webUtils.getPathForFile(file) answers `path` for a File named `fileName` (in every window). */
  async registerFilePath(fileName: string, path: string): Promise<void> {
    await this.wins.registerFilePath(fileName, path);
  }

  /** Asks the app's permission request handler (Electron grants when there is none). */
  async requestPermission(idOrPage: number | Page, permission: string, details: Record<string, unknown> = {}): Promise<boolean> {
    return this.link.request({ op: 'session.permission', winId: this.wins.record(idOrPage).id, permission, details });
  }

  /** Asks the app's permission check handler (Electron grants when there is none). */
  async checkPermission(idOrPage: number | Page, permission: string, origin: string, details: Record<string, unknown> = {}): Promise<boolean> {
    return this.link.request({ op: 'session.permissionCheck', winId: this.wins.record(idOrPage).id, permission, origin, details });
  }

  /** Asks the window's setWindowOpenHandler what it would do with `url` (no page is opened). */
  async windowOpen(idOrPage: number | Page, url: string, frameName = '', features = ''): Promise<ParentReplies['wc.windowOpen']> {
    return this.link.request({ op: 'wc.windowOpen', winId: this.wins.record(idOrPage).id, url, frameName, features });
  }

  // ---------------------------------------------------------------------------------------------
  // the end

  /** app.quit() in the child; resolves when the child exited. After `timeoutMs` it is SIGKILLed and this rejects. */
  async quit(timeoutMs = 15_000): Promise<ExitStatus> {
    return quitApp(this.link, timeoutMs, () => this.kill());
  }

  /** SIGKILLs the child (and what is left of its process group), closes the windows' contexts. */
  async kill(): Promise<void> {
    await killApp(this.link, () => this.wins.closeContexts());
  }

  /** Live processes of the child's process group (the child and what it spawned without a new group). */
  processesLeft(): { pid: number; command: string }[] {
    return processGroup(this.child.pid);
  }

  // ---------------------------------------------------------------------------------------------
  // what the child asks and tells

  private async answer(body: ChildRequest): Promise<ChildReplies[ChildRequest['op']]> {
    switch (body.op) {
      case 'window.create':
        return this.wins.createWindow(body);
      case 'window.load':
        return this.wins.loadWindow(body.winId, body.url);
      case 'wc.reload':
        return this.wins.reload(body.winId);
      case 'wc.exec':
        return this.wins.exec(body.winId, body.code);
      case 'dialog':
        return this.calls.dialog(body);
      case 'shell':
        return this.calls.shell(body);
    }
  }

  private onNote(body: ChildNote): void {
    switch (body.op) {
      case 'ready':
        this.isReady = true;
        break;
      case 'window.update':
        this.wins.update(body);
        break;
      case 'window.closed':
        this.wins.closed(body.winId);
        break;
      case 'wc.send':
        this.wins.deliver(body.winId, body.channel, body.args);
        break;
      case 'session':
        this.calls.onNote(body);
        if (body.method === 'webRequest.onHeadersReceived') this.wins.routes.headersActive = body.active;
        break;
      case 'menu.set':
      case 'dialog.errorBox':
      case 'shell.note':
      case 'app.call':
        this.calls.onNote(body);
        break;
      case 'theme':
        this.wins.setColorScheme(body.colorScheme);
        break;
      case 'unsupported':
        this.unsupported.push(body.what);
        break;
      case 'exit':
        break;
    }
    this.link.changed();
  }
}

/** Starts the main bundle under the stand-in. Nothing waits here: use firstWindow() or waitForWindow(). */
export async function launchDesktop(opts: LaunchOptions): Promise<Desktop> {
  const desk = new Desktop(opts);
  await new Promise<void>((done, fail) => {
    desk.child.once('spawn', () => done());
    desk.child.once('error', fail);
  });
  return desk;
}
