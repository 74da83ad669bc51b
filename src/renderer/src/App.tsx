// The editor shell. The node-graph editor itself lands with its own issue; for now the window
// shows where the master's NATS WebSocket is (from the desktop bridge or `?nats=` in a browser).
import { useEffect, useState } from 'react';
import type { F8DesktopApi } from '../../shared/ipc';

declare global {
  interface Window {
    f8?: F8DesktopApi;
  }
}

export function App() {
  const [wsUrl, setWsUrl] = useState<string | null>(() => new URLSearchParams(window.location.search).get('nats'));
  useEffect(() => {
    if (wsUrl || !window.f8) return;
    void window.f8.connectionInfo().then((i) => setWsUrl(i.natsWsUrl));
  }, [wsUrl]);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>f8studio</h1>
      <p>Master NATS WebSocket: {wsUrl ?? 'not known (open with ?nats=ws://127.0.0.1:PORT)'}</p>
    </main>
  );
}
