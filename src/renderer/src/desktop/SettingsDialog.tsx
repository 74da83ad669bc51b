// The desktop's settings (File > Settings…, Ctrl+,): theme, Live when a window opens, the data
// folder, more services folders and the HTTP gateway (those apply at the next start), and the app's versions
// with the logs and data folders one click away. Stored by main (settings.json in the app's
// user-data folder), checked against the contract's schema there.
import { useEffect, useState } from 'react';
import * as D from '@radix-ui/react-dialog';
import type { AppInfo, F8DesktopApi, Settings, Theme } from '../../../shared/ipc';
import { useEditorStore } from '../store/context';
import { applyTheme } from './DesktopBridge';
import './desktop.css';

const isAbsolute = (p: string) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);

type DraftProps = { draft: Settings; setDraft: (s: Settings) => void; info: AppInfo | null };

/** The settings being edited, read when the dialog opens; save checks the paths and the port, then stores them. */
function useSettingsDraft(api: F8DesktopApi, open: boolean, onClose: () => void) {
  const store = useEditorStore();
  const [draft, setDraft] = useState<Settings | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [dirs, setDirs] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    api.getSettings().then(
      (s) => (setDraft(s), setDirs(s.servicesDirs.join('\n'))),
      (e: Error) => setError(e.message),
    );
    api.appInfo().then(setInfo, () => setInfo(null));
  }, [api, open]);

  const save = async () => {
    if (!draft) return;
    const servicesDirs = dirs
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean);
    const bad = [...servicesDirs, ...(draft.dataDir ? [draft.dataDir] : [])].find((p) => !isAbsolute(p));
    if (bad) return setError(`${bad} is not an absolute path`);
    const port = draft.gateway?.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) return setError(`the gateway port must be a whole number from 0 to 65535, not ${port}`);
    try {
      const saved = await api.setSettings({ ...draft, servicesDirs });
      applyTheme(store, saved.theme);
      store.getState().notify('info', 'settings saved');
      onClose();
    } catch (e) {
      setError((e as Error).message.replace(/^.*refused: /, ''));
    }
  };

  return { draft, setDraft, info, dirs, setDirs, error, save };
}

/** The HTTP gateway's switch and port (they apply at the next start), and where it runs now. */
function GatewayFields({ draft, setDraft, info }: DraftProps) {
  return (
    <fieldset className="f8-settings-gateway">
      <legend>HTTP gateway (next start)</legend>
      <label className="f8-settings-check">
        <input type="checkbox" checked={draft.gateway?.enabled ?? false} onChange={(e) => setDraft({ ...draft, gateway: { port: draft.gateway?.port ?? 0, enabled: e.target.checked } })} /> Serve the
        control plane over HTTP on 127.0.0.1
      </label>
      <label className="f8-settings-field">
        Port (0: any free port)
        <input
          type="number"
          min={0}
          max={65535}
          value={draft.gateway?.port ?? 0}
          onChange={(e) => setDraft({ ...draft, gateway: { enabled: draft.gateway?.enabled ?? false, port: Number(e.target.value) } })}
        />
      </label>
      {info?.apiUrl ? (
        <p className="f8-settings-note">
          Running at <code>{info.apiUrl}</code> (docs at /api/docs; the token is in the data folder, gateway/token)
        </p>
      ) : null}
    </fieldset>
  );
}

/** The app's versions, with the logs and data folders one click away. */
function About({ api, info }: { api: F8DesktopApi; info: AppInfo }) {
  return (
    <section className="f8-settings-about" aria-label="About">
      <div>
        {info.name} {info.version} · Electron {info.electron ?? '—'} · nats-server {info.natsServer ?? 'not found'} · Node {info.node}
      </div>
      <div className="f8-settings-links">
        <button type="button" onClick={() => void api.revealLogs()}>
          Reveal Logs Folder
        </button>
        <button type="button" onClick={() => void api.openDataFolder()}>
          Open Data Folder
        </button>
      </div>
    </section>
  );
}

function ThemeField({ draft, setDraft }: DraftProps) {
  return (
    <fieldset>
      <legend>Theme</legend>
      {(['system', 'light', 'dark'] as Theme[]).map((t) => (
        <label key={t} className="f8-settings-radio">
          <input type="radio" name="theme" value={t} checked={draft.theme === t} onChange={() => setDraft({ ...draft, theme: t })} />{' '}
          {t === 'system' ? 'Follow the system' : t === 'light' ? 'Light' : 'Dark'}
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsDialog({ api, open, onClose }: { api: F8DesktopApi; open: boolean; onClose(): void }) {
  const { draft, setDraft, info, dirs, setDirs, error, save } = useSettingsDraft(api, open, onClose);
  return (
    <D.Root open={open} onOpenChange={(o) => !o && onClose()}>
      <D.Portal>
        <D.Overlay className="f8-overlay" />
        <D.Content className="f8-dialog f8-settings" aria-describedby="f8-settings-desc">
          <D.Title className="f8-dialog-title">Settings</D.Title>
          <D.Description id="f8-settings-desc" className="f8-dialog-body">
            The data folder, services folders and the HTTP gateway apply the next time f8studio starts.
          </D.Description>
          {draft ? (
            <form className="f8-settings-form" onSubmit={(e) => (e.preventDefault(), void save())}>
              <ThemeField draft={draft} setDraft={setDraft} info={info} />
              <label className="f8-settings-check">
                <input type="checkbox" checked={draft.liveDefault} onChange={(e) => setDraft({ ...draft, liveDefault: e.target.checked })} /> Turn Live on when a window opens
              </label>
              <label className="f8-settings-field">
                Data folder
                <input
                  type="text"
                  value={draft.dataDir ?? ''}
                  placeholder={info?.dataDir ?? '~/.f8studio'}
                  onChange={(e) => setDraft({ ...draft, dataDir: e.target.value.trim() || null })}
                  spellCheck={false}
                />
              </label>
              <label className="f8-settings-field">
                More services folders (one per line)
                <textarea rows={3} value={dirs} onChange={(e) => setDirs(e.target.value)} spellCheck={false} />
              </label>
              <GatewayFields draft={draft} setDraft={setDraft} info={info} />
              {error ? (
                <p className="f8-settings-error" role="alert">
                  {error}
                </p>
              ) : null}
              {info ? <About api={api} info={info} /> : null}
              <div className="f8-dialog-actions">
                <button type="button" onClick={onClose}>
                  Cancel
                </button>
                <button type="submit" className="is-primary">
                  Save
                </button>
              </div>
            </form>
          ) : (
            <p role="status">{error ?? 'Loading…'}</p>
          )}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
