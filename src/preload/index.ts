// Preload: exposes the typed API of src/shared/ipc.ts, built from its channel table and nothing
// else (never ipcRenderer itself): one function per call, `on` for the messages main sends, and
// the path of a dropped file (webUtils.getPathForFile: `File.path` is gone since Electron 32).
// On the start-up failure page (static HTML, no script of its own) it wires the buttons.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_EVENTS, IPC_INVOKE, type F8DesktopApi, type IpcEventName, type IpcInvokeName } from '../shared/ipc.js';

const calls = Object.fromEntries((Object.keys(IPC_INVOKE) as IpcInvokeName[]).map((name) => [name, (payload?: unknown) => ipcRenderer.invoke(IPC_INVOKE[name].channel, payload ?? {})]));

const api = {
  ...calls,
  on(event: IpcEventName, listener: (payload: unknown) => void) {
    const spec = IPC_EVENTS[event];
    if (!spec) throw new Error(`unknown event '${String(event)}'`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(spec.channel, wrapped);
    return () => void ipcRenderer.removeListener(spec.channel, wrapped);
  },
  pathForFile(file: File) {
    return webUtils.getPathForFile(file);
  },
} as unknown as F8DesktopApi;

contextBridge.exposeInMainWorld('f8', api);

// The start-up failure page: its buttons carry data-action; main decides what each does.
function wireStartupPage(): void {
  if (document.documentElement.dataset.f8Page !== 'startup-failure') return;
  document.addEventListener('click', (e) => {
    const button = (e.target as Element | null)?.closest?.('button[data-action]');
    const action = button?.getAttribute('data-action');
    if (!action || document.body.dataset.busy) return;
    if (action === 'retry' || action === 'connect') document.body.dataset.busy = '1';
    ipcRenderer.invoke(IPC_INVOKE.startupAction.channel, { action }).catch(() => {
      delete document.body.dataset.busy;
    });
  });
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wireStartupPage, { once: true });
else wireStartupPage();
