/**
 * End-to-end tests: Debian's Chromium against the serve host (the Electron
 * binary cannot be downloaded on the build machines). `npm run test:e2e`
 * builds first, so out/main/serve.js and out/renderer are current.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGUMENTS, CHROMIUM_EXECUTABLE } from './tests/e2e/fixtures/chromiumLaunch';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: [...CHROMIUM_ARGUMENTS] },
  },
});
