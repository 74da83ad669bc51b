// A start-up that explains itself: each way the backend can fail to start (src/host's
// HostStartError kinds, and a port in use) maps to a page that says what failed, why, and how to
// fix it, with Retry and Quit (and, when another master holds the data dir, Connect to it). The
// page is static HTML with the project's CSP and no script: the preload wires its buttons
// (`data-action`) to `f8:startup-action`. No electron here.
import type { StartupAction } from '../../shared/ipc.js';
import { CSP } from '../../shared/csp.js';

/** What main knows about the failure (from HostStartError, or any Error). */
export interface StartupFailure {
  kind: string;
  message: string;
  dataDir: string;
  /** The lock's holder when kind is 'locked'. */
  holder?: { pid: number; startedAt: string; urls?: Record<string, string> };
  platform: NodeJS.Platform;
  isPackaged: boolean;
}

/** The failure of a start: a HostStartError carries `kind` (and the lock's holder); anything else is the master's. */
export function failureFrom(err: unknown, f: Pick<StartupFailure, 'dataDir' | 'platform' | 'isPackaged'>): StartupFailure {
  const e = err as { kind?: unknown; message?: unknown; detail?: { holder?: StartupFailure['holder'] } };
  return {
    ...f,
    kind: typeof e?.kind === 'string' ? e.kind : 'master',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(e?.detail?.holder ? { holder: e.detail.holder } : {}),
  };
}

export interface FailurePage {
  /** The page's id (for tests and the log): the kind, or 'port-in-use'. */
  id: string;
  title: string;
  summary: string;
  /** How to fix it, in order; `code` is a command to copy. */
  steps: { text: string; code?: string }[];
  actions: { action: StartupAction; label: string; primary?: boolean }[];
  facts: [string, string][];
  detail: string;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}

const RETRY = { action: 'retry', label: 'Retry', primary: true } as const;
const QUIT = { action: 'quit', label: 'Quit' } as const;
const OTHER_DIR = { action: 'choose-data-dir', label: 'Use Another Data Folder…' } as const;

/** The port named in an "address in use" message, or null when it is not one. */
export function portInUse(message: string): number | null {
  if (!/EADDRINUSE|address already in use/i.test(message)) return null;
  const m = /(?:127\.0\.0\.1|localhost|0\.0\.0\.0|::)?[:\]](\d{2,5})\b/.exec(message.slice(message.search(/EADDRINUSE|address already in use/i)));
  const any = m ?? /:(\d{2,5})\b/.exec(message);
  return any ? Number(any[1]) : 0;
}

function whoListens(port: number, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `netstat -ano | findstr :${port}`;
  if (platform === 'darwin') return `lsof -nP -iTCP:${port} -sTCP:LISTEN`;
  return `ss -ltnp 'sport = :${port}'`;
}

function installNats(platform: NodeJS.Platform): { text: string; code?: string } {
  if (platform === 'darwin') return { text: 'Install nats-server with Homebrew:', code: 'brew install nats-server' };
  if (platform === 'win32') return { text: 'Download nats-server for Windows from github.com/nats-io/nats-server/releases and put nats-server.exe on the PATH.' };
  return { text: 'Install nats-server (Debian and Ubuntu):', code: 'sudo apt-get install nats-server' };
}

/** What every page says: the data folder, and the error as details. */
type PageBase = Pick<FailurePage, 'facts' | 'detail'>;

export function failurePage(f: StartupFailure): FailurePage {
  const facts: [string, string][] = [['Data folder', f.dataDir]];
  const base: PageBase = { facts, detail: f.message };
  const port = f.kind === 'web' || f.kind === 'nats' || f.kind === 'master' ? portInUse(f.message) : null;
  if (port !== null) return portInUsePage(f, base, port);
  switch (f.kind) {
    case 'nats-not-found':
      return natsNotFoundPage(f, base);
    case 'locked':
      return lockedPage(f, base);
    case 'data-dir':
      return dataDirPage(f, base);
    case 'nats':
      return {
        ...base,
        id: f.kind,
        title: 'The message bus did not start',
        summary: 'nats-server was found but did not start. Its log in the data folder says why.',
        steps: [
          { text: 'Open the logs folder and read nats-server.log (under nats/ in the data folder).' },
          { text: 'A full disk or a damaged store are the usual causes; free some space, then Retry.' },
        ],
        actions: [RETRY, { action: 'open-data-folder', label: 'Open Data Folder' }, QUIT],
      };
    case 'web':
      return {
        ...base,
        id: f.kind,
        title: "The editor's files could not be served",
        summary: 'The window loads the editor from a small web server on this machine, and that server did not start.',
        steps: [f.isPackaged ? { text: 'The installation looks incomplete: reinstall f8studio.' } : { text: 'In a checkout, build the editor first:', code: 'npm run build' }, { text: 'Then Retry.' }],
        actions: [RETRY, QUIT],
      };
    case 'aborted':
      return {
        ...base,
        id: f.kind,
        title: 'Start-up was interrupted',
        summary: 'f8studio was asked to stop while it was starting.',
        steps: [{ text: 'Retry to start again.' }],
        actions: [RETRY, QUIT],
      };
    default:
      return {
        ...base,
        id: 'master',
        title: 'The master did not start',
        summary: 'The backend that launches and watches your services did not start.',
        steps: [{ text: 'The details below and the logs say why.' }, { text: 'Fix what they name, then Retry.' }],
        actions: [RETRY, { action: 'reveal-logs', label: 'Reveal Logs' }, QUIT],
      };
  }
}

/** A port was taken (0: the message did not say which). */
function portInUsePage(f: StartupFailure, base: PageBase, port: number): FailurePage {
  return {
    ...base,
    id: 'port-in-use',
    title: port ? `Port ${port} is already in use` : 'A port f8studio needs is already in use',
    summary: `f8studio serves the editor and its message bus on fixed loopback ports recorded in the data folder, so the window can find them again. Another program is listening on ${port ? `port ${port}` : 'one of them'}.`,
    steps: [
      ...(port ? [{ text: 'See which program holds the port:', code: whoListens(port, f.platform) }] : []),
      { text: 'Quit that program (or stop the old f8studio or `f8 master` still running), then Retry.' },
      { text: 'Or let f8studio choose new ports: delete the recorded ports, then Retry.', code: f.platform === 'win32' ? `del "${f.dataDir}\\nats\\web.json"` : `rm "${f.dataDir}/nats/web.json"` },
    ],
    actions: [RETRY, QUIT],
  };
}

function natsNotFoundPage(f: StartupFailure, base: PageBase): FailurePage {
  return {
    ...base,
    id: 'nats-not-found',
    title: 'nats-server was not found',
    summary: 'f8studio runs its editor, master and services over an embedded NATS server, and could not find the nats-server program.',
    steps: [
      ...(f.isPackaged ? [{ text: 'This installation should include nats-server: reinstall f8studio.' }] : []),
      installNats(f.platform),
      {
        text: 'Or point f8studio at a nats-server binary you already have, then start it again:',
        code: f.platform === 'win32' ? 'set F8_NATS_SERVER=C:\\path\\to\\nats-server.exe' : 'export F8_NATS_SERVER=/path/to/nats-server',
      },
      { text: 'Then Retry.' },
    ],
    actions: [RETRY, QUIT],
  };
}

/** Another master holds the data folder: connect to it when it says where its editor is. */
function lockedPage(f: StartupFailure, base: PageBase): FailurePage {
  const h = f.holder;
  const canConnect = !!(h?.urls?.EDITOR_URL && h.urls.NATS_WS_URL);
  if (h) base.facts.push(['Running master', `pid ${h.pid}${h.startedAt ? `, since ${h.startedAt}` : ''}`]);
  if (h?.urls?.EDITOR_URL) base.facts.push(['Its editor', originOf(h.urls.EDITOR_URL)]);
  return {
    ...base,
    id: 'locked',
    title: 'Another f8studio is using this data folder',
    summary: `A master${h ? ` (pid ${h.pid})` : ''} already runs on ${f.dataDir}: another f8studio window, or \`f8 master\` / \`f8 run\` in a terminal. Two masters on one data folder would launch every service twice, so this one did not start.`,
    steps: [
      ...(canConnect ? [{ text: 'Connect this window to the running master: you edit and deploy its graph; quitting here leaves it running.' }] : []),
      { text: 'Or stop the other one (quit that window, or Ctrl-C in its terminal), then Retry.', ...(h && f.platform !== 'win32' ? { code: `kill ${h.pid}` } : {}) },
      { text: 'Or use another data folder for this window.' },
    ],
    actions: [...(canConnect ? [{ action: 'connect', label: 'Connect to It', primary: true } as const] : []), { ...RETRY, primary: !canConnect }, OTHER_DIR, QUIT],
  };
}

function dataDirPage(f: StartupFailure, base: PageBase): FailurePage {
  return {
    ...base,
    id: 'data-dir',
    title: 'The data folder cannot be used',
    summary: `f8studio keeps its message store, credentials and service logs in ${f.dataDir}, and cannot write there: ${f.message}`,
    steps: [
      ...(f.platform === 'win32'
        ? [{ text: 'Give your user full control of the folder (Properties > Security), or choose another one.' }]
        : [{ text: 'Make the folder yours and writable:', code: `sudo chown -R "$USER" "${f.dataDir}" && chmod 700 "${f.dataDir}"` }]),
      { text: 'Or use another data folder (kept in the settings; F8_DATA_DIR overrides it).' },
      { text: 'Then Retry.' },
    ],
    actions: [RETRY, OTHER_DIR, QUIT],
  };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
/** `code` spans in prose. */
const prose = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const STYLE = `
:root{color-scheme:light dark;--bg:#f5f6f8;--panel:#fff;--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--accent:#0969da;--accent-fg:#fff;--warn:#bf3989;--code:#eff1f3;--err:#cf222e}
@media (prefers-color-scheme:dark){:root{--bg:#16181c;--panel:#1f2228;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--accent:#2f81f7;--accent-fg:#fff;--code:#2a2e35;--err:#f85149}}
*{box-sizing:border-box}html,body{margin:0;height:100%}
body{background:var(--bg);color:var(--fg);font:14px/1.55 system-ui,-apple-system,"Segoe UI",Ubuntu,Cantarell,sans-serif;display:flex;align-items:center;justify-content:center;padding:32px}
main{width:100%;max-width:680px;background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:32px 36px;box-shadow:0 8px 24px rgba(0,0,0,.08)}
.head{display:flex;gap:14px;align-items:flex-start}.body{margin-left:42px}.head svg{flex:none;color:var(--err);margin-top:3px}
.app{font-size:12px;letter-spacing:.04em;text-transform:uppercase;color:var(--muted);margin:0 0 2px}
h1{font-size:20px;font-weight:600;margin:0 0 8px;line-height:1.3}
p{margin:0 0 16px;color:var(--fg)}h2{font-size:13px;font-weight:600;margin:22px 0 8px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
ol{margin:0;padding-left:22px}li{margin:0 0 10px}
code,pre{font:12.5px/1.5 ui-monospace,"SF Mono","Cascadia Code",Menlo,Consolas,monospace;background:var(--code);border-radius:5px}
code{padding:1px 5px}pre{margin:6px 0 0;padding:8px 10px;white-space:pre-wrap;word-break:break-all;user-select:all}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0;font-size:13px}dt{color:var(--muted)}dd{margin:0;word-break:break-all}
details{margin-top:18px;font-size:13px}summary{cursor:pointer;color:var(--muted)}details pre{max-height:180px;overflow:auto}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:26px;padding-top:20px;border-top:1px solid var(--line)}
button{font:inherit;font-size:13px;padding:6px 14px;border-radius:6px;border:1px solid var(--line);background:var(--panel);color:var(--fg);cursor:pointer}
button:hover{border-color:var(--muted)}button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
button[data-action=quit]{margin-left:auto}.actions{margin-left:-42px}
body[data-busy] button{opacity:.5;pointer-events:none}body[data-busy] .status{display:block}
.status{display:none;margin-top:12px;color:var(--muted);font-size:13px}
`;

const ICON =
  '<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="10"/><line x1="12" y1="7" x2="12" y2="13"/><circle cx="12" cy="16.5" r=".6" fill="currentColor"/></svg>';

/** The page as a complete HTML document (loaded as a data: URL; no script, the preload wires the buttons). */
export function failurePageHtml(page: FailurePage, appName: string): string {
  const steps = page.steps.map((s) => `<li>${prose(s.text)}${s.code ? `<pre>${esc(s.code)}</pre>` : ''}</li>`).join('');
  const facts = page.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const buttons = page.actions.map((a) => `<button type="button" data-action="${a.action}"${a.primary ? ' class="primary" autofocus' : ''}>${esc(a.label)}</button>`).join('');
  return `<!doctype html>
<html lang="en" data-f8-page="startup-failure" data-failure="${esc(page.id)}">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${esc(CSP)}"><title>${esc(appName)} could not start</title><style>${STYLE}</style></head>
<body><main role="alertdialog" aria-labelledby="t" aria-describedby="s">
<div class="head">${ICON}<div><p class="app">${esc(appName)} could not start</p><h1 id="t">${esc(page.title)}</h1></div></div>
<div class="body"><p id="s">${prose(page.summary)}</p>
<h2>How to fix it</h2><ol>${steps}</ol>
<h2>Details</h2><dl>${facts}</dl>
<details><summary>Error message</summary><pre>${esc(page.detail)}</pre></details>
<div class="actions" role="group" aria-label="What to do">${buttons}</div>
<p class="status" role="status">Starting again…</p></div>
</main></body></html>`;
}

/** The HTML as a URL the window can load. */
export function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
