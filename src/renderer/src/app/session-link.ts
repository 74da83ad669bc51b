// The app's link to the master: restore the autosaved graph, then connect (the desktop window
// gets the connection from the preload, a browser from EDITOR_URL) and hand the session over;
// closed with the app.
import { useEffect } from 'react';
import type { F8DesktopApi } from '../../../shared/ipc';
import { startSession, type Session } from '../bridge/session';
import { readAutosave } from '../files/recent';
import type { EditorStore } from '../store';
import type { Editor } from '../store/editor';
import { natsUrlFrom, tokenFor } from './connection';
import { statsWanted } from './live-hooks';

declare global {
  interface Window {
    f8?: F8DesktopApi;
  }
}

function restoreAutosave(store: EditorStore): void {
  const a = readAutosave();
  if (!a) return;
  store.getState().load(a.graph, a.fileName ? { name: a.fileName } : null, { savedJson: a.savedJson });
}

async function connectionOf(): Promise<{ url: string | null; token: string | null | undefined }> {
  const desk = window.f8 ? await window.f8.connectionInfo().catch(() => null) : null;
  const url = desk ? desk.natsWsUrl : natsUrlFrom(window.location);
  const token = desk ? desk.token : tokenFor(url, window.location, sessionStorage, () => history.replaceState(null, '', window.location.pathname + window.location.search));
  return { url, token };
}

export function useSessionLink(editor: Editor, onSession: (s: Session) => void): void {
  useEffect(() => {
    const { store } = editor;
    restoreAutosave(store);
    let closed = false;
    let session: Session | null = null;
    void (async () => {
      const { url, token } = await connectionOf();
      if (!url) {
        store.getState().setConnection('error', 'no NATS WebSocket URL (open the editor with ?nats=ws://127.0.0.1:PORT)');
        return;
      }
      try {
        const s = await startSession(url, editor, { statsWanted: () => statsWanted(store.getState(), editor.canvas.get()), ...(token ? { token } : {}) });
        if (closed) return void s.dispose();
        session = s;
        onSession(s);
      } catch (err) {
        store.getState().setConnection('error', (err as Error).message);
      }
    })();
    return () => {
      closed = true;
      void session?.dispose();
    };
  }, [editor, onSession]);
}
