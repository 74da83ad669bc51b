// The desktop app in a real Electron (Playwright's _electron), with the same steps as
// desktop.spec.ts: launch, connect, open the demo through the file dialog, deploy, quit leaving
// nothing. It runs only where an Electron binary is present: found through the electron package's
// path.txt and dist/ (never require('electron'), which would start a download).
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EditorPage } from './pages/editor.js';

const root = resolve(import.meta.dirname, '..');
const demo = join(root, 'examples', 'demo.json');

/** The Electron binary the electron package downloaded, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  const pkg = join(root, 'node_modules', 'electron');
  let rel: string;
  try {
    rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return { missing: `${join(pkg, 'path.txt')} is absent: the Electron binary was never downloaded (it downloads on first use on a machine with internet access; this one has none)` };
  }
  const path = join(pkg, 'dist', rel);
  return existsSync(path) ? { path } : { missing: `${path} is absent` };
}

const found = electronBinary();
if ('missing' in found) console.log(`desktop-electron.spec.ts: skipped: ${found.missing}`);

test('the desktop app in Electron: launch, connect, open the demo, deploy, quit leaving nothing', async () => {
  test.skip('missing' in found, 'missing' in found ? found.missing : '');
  if (!('path' in found)) return;
  test.setTimeout(240_000);
  const home = mkdtempSync(join(tmpdir(), 'f8-electron-'));
  const app = await electron.launch({
    executablePath: found.path,
    args: [join(root, 'out', 'main', 'index.js')],
    cwd: root,
    env: { ...process.env, HOME: home, F8_NATS_URL: '', F8_DATA_DIR: '' } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    const ed = new EditorPage(page);
    await expect(page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
    await expect(page.getByLabel('Lease: held by this editor')).toBeVisible({ timeout: 15_000 });
    // the native dialog answered in the main process
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
      // the close question on quit, if one comes: Don't Save
      dialog.showMessageBox = (async () => ({ response: 1, checkboxChecked: false })) as typeof dialog.showMessageBox;
    }, demo);
    await ed.button('Open').click();
    await expect.poll(async () => (await ed.graph()).nodes.length, { timeout: 15_000 }).toBe(8);
    await ed.key('F5');
    const plan = page.getByRole('dialog', { name: /Deploy revision 1/ });
    await plan.getByRole('button', { name: 'Deploy' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'deployed revision 1' })).toBeVisible({ timeout: 90_000 });
    for (const label of ['Signal', 'Engine', 'Logger', 'Recorder']) {
      await expect(ed.node(label).locator('[data-status]')).toHaveAttribute('data-status', 'activated', { timeout: 30_000 });
    }
    await app.evaluate(({ app: a }) => a.quit());
    await app.waitForEvent('close', { timeout: 60_000 });
    expect(existsSync(join(home, '.f8studio', 'master.lock'))).toBe(false);
  } finally {
    await app.close().catch(() => {});
    rmSync(home, { recursive: true, force: true });
  }
});
