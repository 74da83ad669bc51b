// The editor shell. The node-graph editor itself lands with its own issue; for now the window
// connects to the master over NATS WebSocket (URL from the desktop bridge, or `?nats=` in a
// browser), takes the lease and lists the service catalog.
import { useEffect, useState } from 'react';
import type { F8DesktopApi } from '../../shared/ipc';
import type { CatalogReply } from '../../shared/types';
import { connectMaster } from './bridge';

declare global {
  interface Window {
    f8?: F8DesktopApi;
  }
}

function sessionClientId(): string {
  const key = 'f8.clientId';
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = `editor-${crypto.randomUUID().slice(0, 8)}`;
    sessionStorage.setItem(key, id);
  }
  return id;
}

export function App() {
  const [wsUrl, setWsUrl] = useState<string | null>(() => new URLSearchParams(window.location.search).get('nats'));
  const [state, setState] = useState<'connecting' | 'connected' | 'error'>('connecting');
  const [error, setError] = useState<string>('');
  const [catalog, setCatalog] = useState<CatalogReply | null>(null);

  useEffect(() => {
    if (wsUrl || !window.f8) return;
    void window.f8.connectionInfo().then((i) => setWsUrl(i.natsWsUrl));
  }, [wsUrl]);

  useEffect(() => {
    if (!wsUrl) return;
    let closed = false;
    let link: Awaited<ReturnType<typeof connectMaster>> | null = null;
    void (async () => {
      try {
        link = await connectMaster(wsUrl, sessionClientId());
        await link.call('ping', { clientId: link.clientId });
        const cat = await link.call('catalog', {});
        if (closed) return;
        setCatalog(cat);
        setState('connected');
      } catch (err) {
        if (closed) return;
        setState('error');
        setError((err as Error).message);
      }
    })();
    return () => {
      closed = true;
      void link?.close();
    };
  }, [wsUrl]);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>f8studio</h1>
      <p data-testid="connection">
        Master NATS WebSocket: {wsUrl ?? 'not known (open with ?nats=ws://127.0.0.1:PORT)'} — <strong>{state}</strong>
        {error ? `: ${error}` : ''}
      </p>
      {catalog ? (
        <section>
          <h2>Services</h2>
          <ul data-testid="catalog">
            {catalog.services.map((s) => (
              <li key={s.serviceClass}>
                <strong>{s.manifest.label}</strong> <code>{s.serviceClass}</code> {s.manifest.version}
              </li>
            ))}
          </ul>
          {catalog.errors.length ? (
            <ul data-testid="catalog-errors">
              {catalog.errors.map((e) => (
                <li key={e.path + e.message}>
                  {e.path}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </main>
  );
}
