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
  // A whole test's budget, not an assertion: the EEG specs alone take ~45 s of waits and rendering, and
  // on a shared 2-core machine (load 15, seen in a CI run) they passed 60 s with nothing wrong.
  timeout: 120_000,
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
