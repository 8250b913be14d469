import { connectionStateBadge, expect, isPortOpen, saveScreenshot, test } from './fixtures/labwireTest';

const DEFAULT_REDIS_PORT = 6379;
const START_TIMEOUT_MS = 30_000;

test('with nothing at 127.0.0.1:6379, Labwire offers a managed Redis and connects to it', async ({ page, labwire }, testInfo) => {
  test.skip(await isPortOpen(DEFAULT_REDIS_PORT), 'A Redis already runs at 127.0.0.1:6379 on this machine, so the offer cannot appear.');
  await page.goto(labwire.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Local Redis' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText('No Redis is running on this computer at 127.0.0.1:6379. Start one managed by Labwire?')).toBeVisible({
    timeout: START_TIMEOUT_MS,
  });
  await saveScreenshot(page, testInfo, 'local-redis-offer');

  await page.getByRole('button', { name: 'Start Redis managed by Labwire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Labwire local Redis' })).toBeVisible({ timeout: START_TIMEOUT_MS });
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: START_TIMEOUT_MS });
  await expect(page.getByRole('button', { name: /^Local Redis/ })).toContainText('Disconnected');
  await saveScreenshot(page, testInfo, 'local-redis-managed-ready');
});
