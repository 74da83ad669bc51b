// The editor's HTTP port for a data dir: chosen before nats-server first starts (its WebSocket
// allowed_origins name it, and 2.9.10 cannot reload a changed websocket block) and recorded in
// <data-dir>/nats/web.json like the NATS ports, so a restarted master serves the editor where
// the running server expects it.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, isPortFree } from '../main/util/process.js';

export function webPortFile(dataDir: string): string {
  return path.join(dataDir, 'nats', 'web.json');
}

/** The recorded port (or `requested`), else a free one; recorded for the next start. */
export async function editorPort(dataDir: string, requested: number | undefined, log: { warn(m: string): void }): Promise<number> {
  const file = webPortFile(dataDir);
  let recorded: number | undefined;
  try {
    const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { port?: unknown }).port;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536) recorded = v;
  } catch {
    /* none yet */
  }
  let port = requested ?? recorded;
  if (port !== undefined && requested === undefined && !(await isPortFree(port))) {
    log.warn(`the editor's recorded port ${port} is taken by another process: using a new one (a nats-server still running from before allows only the old origin: stop it once)`);
    port = undefined;
  }
  port ??= await freePort();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (port !== recorded) fs.writeFileSync(file, `${JSON.stringify({ port })}\n`);
  return port;
}

/** The origins a browser editor served on `port` sends. */
export function editorOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** The editor's address with its NATS WebSocket URL and, in the fragment (never sent over HTTP), its token. */
export function editorUrl(webUrl: string, wsUrl: string, token?: string): string {
  return `${webUrl}?nats=${encodeURIComponent(wsUrl)}${token ? `#token=${token}` : ''}`;
}
