// Instance log files are private (issue 20): the log folder the launcher creates is 0700, the
// stdout/stderr files 0600, whatever the umask lets through (a service may log anything).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/ports.js';
import { Launcher } from './launcher.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('launcher log modes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('creates the log dir 0700 and the log files 0600, rotated copies included', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-logmodes-'));
    dirs.push(root);
    const logDir = path.join(root, 'logs');
    const launcher = new Launcher({ logDir, log: silentLogger, tailIntervalMs: 20, maxLogBytes: 64 });
    try {
      const req = {
        instanceId: 'modes',
        manifestDir: root,
        launch: { command: '${node}', args: ['-e', "console.log('x'.repeat(200)); console.error('err')"] },
        env: {},
        restartPolicy: 'never' as const,
      };
      const exited = new Promise<void>((r) => launcher.onExit(() => r()));
      await launcher.spawn(req);
      await exited;
      expect(mode(logDir)).toBe(0o700);
      expect(mode(path.join(logDir, 'modes.stdout.log'))).toBe(0o600);
      expect(mode(path.join(logDir, 'modes.stderr.log'))).toBe(0o600);
      await launcher.spawn(req); // a second start rotates the long stdout log to .1
      expect(mode(path.join(logDir, 'modes.stdout.log.1'))).toBe(0o600);
      expect(mode(path.join(logDir, 'modes.stdout.log'))).toBe(0o600);
      await launcher.stopAll();
    } finally {
      await launcher.dispose();
    }
  });
});
