// Builds the editor and the service bundles for production (as a user's `npm run build`), starts a real `f8 master` on
// a fresh data dir, and hands its EDITOR_URL to the tests; stops it (and its nats-server) after.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMaster } from './master.js';

const root = resolve(import.meta.dirname, '..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('the editor did not build (npx electron-vite build)');
  // the services as an installed app runs them (one bundle each): the master below and the desktop run them
  const services = spawnSync('npx', ['tsx', 'scripts/build-services.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (services.status !== 0) throw new Error('the services did not build (npm run build:services)');
  const dataDir = mkdtempSync(join(tmpdir(), 'f8-e2e-'));
  // step 7 opens 2000 service nodes: it measures the editor, not the instances-per-graph cap (64 by default)
  const master = await startMaster(dataDir, ['--max-instances', '5000']);
  process.env.F8_EDITOR_URL = master.url;
  process.env.F8_E2E_DATA_DIR = dataDir;
  return async () => {
    await master.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
