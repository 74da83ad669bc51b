// The gateway's Swagger UI (issue 26): `f8 master --gateway` on a fresh data dir, its printed
// API_DOCS_URL opened in Chromium; the page renders every operation from the bundled document,
// loads nothing from another host, and "Try it out" of ping (after Authorize with the printed
// token) gets the master's ok reply.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMaster, type MasterProcess } from './master.js';

let master: MasterProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'f8-e2e-gw-'));
  master = await startMaster(dataDir, ['--no-web', '--gateway'], 'API_DOCS_URL');
});
test.afterAll(async () => {
  await master?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('/api/docs renders in Chromium and Try it out on ping succeeds', async ({ page }) => {
  const docsUrl = master.url;
  const token = master.lines.API_TOKEN as string;
  const origin = new URL(docsUrl).origin;
  const elsewhere: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  await page.goto(docsUrl);
  // the token moved into the docs cookie: the address no longer carries it
  expect(page.url()).toBe(`${origin}/api/docs/`);
  await expect(page.locator('.swagger-ui .info .title')).toContainText('f8studio control plane');
  await expect(page.locator('#operations-master-masterPing')).toBeVisible();
  await expect(page.locator('#operations-instance-instanceDeployOpGraph')).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/gateway-docs.png', fullPage: false });

  await page.locator('button.authorize').first().click();
  await page.locator('.auth-container input').first().fill(token);
  await page.locator('.auth-btn-wrapper button.authorize').click();
  await page.locator('.auth-btn-wrapper button.btn-done').click();

  const ping = page.locator('#operations-master-masterPing');
  await ping.locator('.opblock-summary').click();
  await ping.locator('button.try-out__btn').click();
  await ping.locator('button.execute').click();
  const live = ping.locator('.live-responses-table');
  const row = live.locator('tbody tr.response').first();
  await expect(row.locator('.response-col_status')).toHaveText('200');
  await expect(row.locator('.response-col_description')).toContainText('"capabilities"');
  await expect(row.locator('.response-col_description')).toContainText('"holder": "http"');
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/gateway-docs-ping.png', fullPage: false });
  expect(elsewhere).toEqual([]);
});
