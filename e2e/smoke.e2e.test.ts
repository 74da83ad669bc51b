// The editor in a plain browser against a headless master: it connects over NATS WebSocket,
// takes the lease and lists the catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium, serveRenderer } from './browser.js';
import { manifest, startMasterFixture, writeManifest, type MasterFixture } from '../src/main/master/testing.js';

if (chromiumMissing) console.warn(`skipping browser tests: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('editor in Chromium (browser mode)', () => {
  let f: MasterFixture;
  let web: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;
  beforeAll(async () => {
    f = await startMasterFixture({ setup: (dir) => writeManifest(dir, 'sig', manifest('f8.signal', { label: 'Signal generator' })).then(() => {}) });
    web = await serveRenderer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await f?.stop();
  });

  it('connects to the master over WebSocket, takes the lease and shows the catalog', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Everything but the harmless WebSocket-close message of nats-server 2.9.10 (ENVIRONMENT.md).
    page.on('console', (m) => {
      if (m.type() === 'error' && !/WebSocket/.test(m.text()) && !m.location().url.endsWith('/favicon.ico')) errors.push(`${m.text()} (${m.location().url})`);
    });
    await page.goto(`${web.url}?nats=${encodeURIComponent(f.nats.wsUrl)}`);
    await page.getByTestId('catalog').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('connection').textContent()).toContain('connected');
    expect(await page.getByTestId('catalog').textContent()).toContain('f8.signal');
    expect(f.master.lease.current()?.holder).toMatch(/^editor-/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
