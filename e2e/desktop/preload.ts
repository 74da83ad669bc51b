// The preload of a window with webPreferences.preload, installed in its browser context: the
// bindings ipcRenderer.invoke/send go through, the file paths webUtils answers, and the preload's
// source wrapped by stand-in/page-runtime.js (a sandbox-like `require`, contextBridge, ...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from '@playwright/test';
import type { ChildLink } from './child.js';
import { errorMessage, type Findings, type WindowRecord } from './types.js';

const PAGE_RUNTIME = readFileSync(join(import.meta.dirname, 'stand-in', 'page-runtime.js'), 'utf8');

/** Installs the window's preload (when it has one) in `context`, before its page is created. */
export async function installPreload(context: BrowserContext, rec: WindowRecord, link: ChildLink, filePaths: ReadonlyMap<string, string>, findings: Findings): Promise<void> {
  const prefs = rec.options.webPreferences ?? {};
  if (typeof prefs.preload !== 'string') return;
  if (prefs.sandbox === false || prefs.nodeIntegration === true) findings.unsupported.push(`window ${rec.id}: webPreferences sandbox:false / nodeIntegration:true (the preload still runs sandboxed)`);
  await context.exposeBinding('__f8standinInvoke', async (source, channel: string, args: unknown[]) => {
    try {
      return { ok: true, value: await link.request({ op: 'ipc.invoke', winId: rec.id, channel, args, senderUrl: source.frame.url() }) };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  });
  await context.exposeBinding('__f8standinSend', (source, channel: string, args: unknown[]) => {
    link.note({ op: 'ipc.send', winId: rec.id, channel, args, senderUrl: source.frame.url() });
  });
  for (const [name, path] of filePaths) await context.addInitScript({ content: filePathScript(name, path) });
  await context.addInitScript({ content: preloadScript(prefs.preload, prefs.contextIsolation !== false) });
}

/** The preload's source inside the page runtime, as an init script. */
export function preloadScript(preloadPath: string, contextIsolation: boolean): string {
  let source = '';
  let loadError: string | null = null;
  try {
    source = readFileSync(preloadPath, 'utf8');
  } catch (err) {
    loadError = errorMessage(err);
  }
  const config = { preloadPath, contextIsolation, platform: process.platform, arch: process.arch, loadError };
  return `(() => {\n${PAGE_RUNTIME}\nf8StandInPageRuntime(${JSON.stringify(config)}, function (require, module, exports, process, global, setImmediate, clearImmediate, Buffer) {\n${source}\n});\n})();\n//# sourceURL=${pathToFileURL(preloadPath).href}`;
}

/** What webUtils.getPathForFile answers for a File named `fileName`. */
export function filePathScript(fileName: string, path: string): string {
  return `(window.__f8standinFiles = window.__f8standinFiles || {})[${JSON.stringify(fileName)}] = ${JSON.stringify(path)};`;
}
