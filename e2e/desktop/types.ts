// The harness's public types (re-exported by harness.ts) and what its parts share: the lists the
// test reads (Findings) and the record kept for each window.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { Bounds, DialogMethod, WindowOptions } from './protocol.js';

export interface LaunchOptions {
  browser: Browser;
  /** The main bundle to run (relative to `cwd`), e.g. 'out/main/index.js'. */
  mainBundle: string;
  /** Extra argv after the bundle (process.argv[2...] in the child). */
  args?: string[];
  /** Added to the parent's environment (which is kept: F8_TEST_RUN and friends are inherited). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** app.getPath('userData') (F8_STANDIN_USER_DATA); a fresh temp folder when absent. */
  userData?: string;
  /** app.getAppPath() (F8_STANDIN_APP_PATH); defaults to cwd. */
  appPath?: string;
  /** Size of a window whose options give none (F8_STANDIN_DEFAULT_SIZE); 1400x900. */
  defaultWindowSize?: { width: number; height: number };
  /** Extra options for each window's browser context (viewport and colorScheme are set by the harness). */
  contextOptions?: BrowserContextOptions;
  /** Timeout of harness operations (firstWindow, requests to the child, page loads); 30 s. */
  timeoutMs?: number;
  /** Also copy the child's output to this process's stderr as it comes. */
  echo?: boolean;
}

export interface DesktopWindow {
  id: number;
  webContentsId: number;
  page: Page;
  context: BrowserContext;
  title: string;
  url: string;
  options: WindowOptions;
  visible: boolean;
  focused: boolean;
  bounds: Bounds;
}

export interface DialogCall {
  method: DialogMethod | 'showErrorBox';
  windowId: number | null;
  options: Record<string, unknown>;
  answer: unknown;
}
export interface ShellCall {
  method: 'openExternal' | 'openPath' | 'showItemInFolder';
  args: unknown[];
}
export interface Recorded {
  method: string;
  args: unknown[];
}
export interface SessionCall {
  method: string;
  active: boolean;
  detail?: unknown;
}
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The lists the test reads (the Desktop's public fields), filled by the harness's parts. */
export interface Findings {
  readonly consoleErrors: string[];
  readonly dialogCalls: DialogCall[];
  readonly shellCalls: ShellCall[];
  readonly appCalls: Recorded[];
  readonly sessionCalls: SessionCall[];
  readonly unsupported: string[];
  readonly harnessErrors: string[];
  readonly blockedNavigations: { windowId: number; url: string }[];
  readonly droppedMessages: { windowId: number; channel: string }[];
}

/** What the harness knows of one BrowserWindow of the child. */
export interface WindowRecord {
  id: number;
  wcId: number;
  options: WindowOptions;
  title: string;
  visible: boolean;
  focused: boolean;
  bounds: Bounds;
  context: BrowserContext | null;
  page: Page | null;
  ready: Promise<void>;
  /** page.goto/reload of loadURL/reload is running: its navigation is not a will-navigate */
  loading: boolean;
  loads: number;
  loadError: Error | null;
  closed: boolean;
  closing: Promise<void> | null;
  /** webContents.send deliveries, in order */
  queue: Promise<void>;
  pageTitle: string;
  popups: WeakSet<Page>;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
