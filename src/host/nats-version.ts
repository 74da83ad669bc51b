// The version of the nats-server the backend would run (for the desktop's About box): the binary
// found the same way as at start-up, asked with `--version`. Null when there is none.
import { execFile } from 'node:child_process';
import { findNatsServer } from '../main/nats/find-binary.js';

export async function natsServerVersion(opts: { env?: NodeJS.ProcessEnv; binary?: string; timeoutMs?: number } = {}): Promise<string | null> {
  let binary: string;
  try {
    binary = opts.binary ?? findNatsServer({ env: opts.env ?? process.env });
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    execFile(binary, ['--version'], { timeout: opts.timeoutMs ?? 5000, windowsHide: true }, (err, stdout) => {
      if (err) return resolve(null);
      const m = /v?(\d+\.\d+\.\d+[\w.-]*)/.exec(stdout);
      resolve(m ? (m[1] as string) : stdout.trim().slice(0, 64) || null);
    });
  });
}
