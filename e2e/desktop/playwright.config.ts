// Runs only the stand-in's own spec, without the root config's globalSetup (no editor build, no
// master): `npx playwright test -c e2e/desktop/playwright.config.ts`. The root config runs it too.
import { defineConfig } from '@playwright/test';
import root from '../../playwright.config.js';

export default defineConfig({
  ...root,
  testDir: '..',
  testMatch: 'desktop-standin.spec.ts',
  globalSetup: undefined,
  outputDir: '../artifacts/results-standin',
  reporter: [['list']],
});
