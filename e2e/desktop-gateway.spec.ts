// The desktop app's HTTP gateway setting (issue 26), through the built bundles and the stand-in
// `electron`: off by default; File > Settings… turns it on (kept in settings.json); at the next
// start the backend serves it on 127.0.0.1, the dialog shows its API URL, a verb answers with
// the data dir's token, and quitting leaves nothing running.
import { expect, test, type Browser } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchDesktop, type Desktop } from './desktop/harness.js';
import { processesUsing } from './desktop/processes.js';

const root = resolve(import.meta.dirname, '..');
const MAIN = join(root, 'out', 'main', 'index.js');
const NATS_WS_CLOSE = /WebSocket connection to .* failed|Invalid frame header/;

let home = '';
const desks: Desktop[] = [];

test.beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'f8-desk-gw-'));
});
test.afterAll(async () => {
  for (const d of desks) await d.kill();
  for (const pid of processesUsing(home)) process.kill(pid, 'SIGKILL'); // only what this test started lives there
  rmSync(home, { recursive: true, force: true });
});

async function launch(browser: Browser): Promise<Desktop> {
  const d = await launchDesktop({ browser, mainBundle: MAIN, cwd: root, env: { HOME: home, F8_NATS_URL: '', F8_DATA_DIR: '' }, userData: join(home, 'user') });
  desks.push(d);
  return d;
}

function post(url: string, token: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const u = new URL(url);
  const data = JSON.stringify(body);
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(data.length), 'client-id': 'desk-gw' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => ok({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', fail);
    req.end(data);
  });
}

test('the HTTP gateway is a setting: off by default, on at the next start once saved', async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = join(home, '.f8studio');
  const first = await launch(browser);
  const page = await first.firstWindow();
  await expect(page.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
  await first.clickMenu('File', 'Settings…');
  let settings = page.getByRole('dialog', { name: 'Settings' });
  const box = settings.getByRole('checkbox', { name: /Serve the control plane over HTTP/ });
  await expect(box).not.toBeChecked();
  await expect(settings.getByText(/Running at/)).toHaveCount(0);
  expect(existsSync(join(dataDir, 'gateway', 'token'))).toBe(false);
  await box.check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();
  expect(JSON.parse(readFileSync(join(home, 'user', 'settings.json'), 'utf8'))).toMatchObject({ gateway: { enabled: true, port: 0 } });
  expect((await first.quit()).code).toBe(0);

  const second = await launch(browser);
  const page2 = await second.firstWindow();
  await expect(page2.getByTestId('connection')).toContainText('connected', { timeout: 30_000 });
  await second.clickMenu('File', 'Settings…');
  settings = page2.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByRole('checkbox', { name: /Serve the control plane over HTTP/ })).toBeChecked();
  const shown = settings.locator('code', { hasText: /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/ });
  await expect(shown).toBeVisible();
  await page2.screenshot({ path: join(root, 'e2e', 'artifacts', 'desktop-gateway-settings.png') });
  const apiUrl = (await shown.textContent()) as string;
  const token = readFileSync(join(dataDir, 'gateway', 'token'), 'utf8').trim();
  const ping = await post(`${apiUrl}/master/instances`, token, {});
  expect(ping.status).toBe(200);
  expect(ping.json).toMatchObject({ status: 'ok', clientId: 'desk-gw' });
  expect((await post(`${apiUrl}/master/instances`, 'wrong', {})).status).toBe(401);
  await settings.getByRole('button', { name: 'Cancel' }).click();
  expect(second.consoleErrors.filter((e) => !NATS_WS_CLOSE.test(e))).toEqual([]);
  expect((await second.quit()).code).toBe(0);
  await expect.poll(() => processesUsing(dataDir).length, { timeout: 10_000 }).toBe(0);
});
