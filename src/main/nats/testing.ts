// Test helper: a real embedded nats-server in a fresh temp dir. Use in beforeAll/afterAll:
//   let nats: TestNats; beforeAll(async () => { nats = await startTestNats(); }); afterAll(() => nats.stop());
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedNats, type EmbeddedNats, type EmbeddedNatsOptions } from './server.js';

export interface TestNats {
  natsUrl: string;
  wsUrl: string;
  dataDir: string;
  /** The underlying server (pid, monitorUrl, logFile). */
  server: EmbeddedNats;
  /** Stops the server and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

// Servers are detached and would outlive a test worker that dies before afterAll: kill
// whatever is still running when the worker exits.
const live = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of live) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
}

export async function startTestNats(opts: Omit<EmbeddedNatsOptions, 'dataDir'> = {}): Promise<TestNats> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'f8-test-'));
  let server: EmbeddedNats;
  try {
    server = await startEmbeddedNats({ readyTimeoutMs: 20_000, ...opts, dataDir });
  } catch (err) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  installExitHook();
  live.add(server.pid);
  let stopping: Promise<void> | undefined;
  return {
    natsUrl: server.natsUrl,
    wsUrl: server.wsUrl,
    dataDir,
    server,
    stop() {
      stopping ??= (async () => {
        try {
          await server.stop();
        } finally {
          live.delete(server.pid);
          await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
        }
      })();
      return stopping;
    },
  };
}
