// End-to-end tests: Debian's Chromium (no browser download) against a real `f8 master` serving
// the production build of the editor (e2e/global-setup.ts). Screenshots of each step go to
// e2e/artifacts/ (not committed); traces and screenshots of failures too.
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.F8_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'e2e/artifacts/results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'e2e/artifacts/report.json' }], ['html', { open: 'never', outputFolder: 'e2e/artifacts/html' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
