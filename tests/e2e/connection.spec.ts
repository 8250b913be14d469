import { startRedisServer } from '../support/redisServer';
import { connectionStateBadge, connectionStatus, createProfile, expect, installedRedisVersion, saveScreenshot, test } from './fixtures/labwireTest';

/** Reaching "ready" includes the handshake and the first facts; generous for a shared 2-core machine. */
const READY_TIMEOUT_MS = 20_000;
/** Reconnect backoff is capped at 10 s (plus jitter) in the bus. */
const RECOVERY_TIMEOUT_MS = 30_000;

test('without the token the page is refused', async ({ page, labwire }, testInfo) => {
  const response = await page.goto(`${labwire.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('Labwire needs its access token.');
  await expect(page.locator('#root')).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'refused-without-token');
});

test('a new profile connects and shows the server version', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await saveScreenshot(page, testInfo, 'first-start');
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await expect(page.getByRole('button', { name: /Bench Redis/ })).toContainText(`127.0.0.1:${redis.port}`);

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await expect(connectionStateBadge(page)).toHaveText('ready');
  await expect(connectionStatus(page)).toContainText('Connected');
  await expect(page.getByTestId('redis-version')).toHaveText(installedRedisVersion());
  await saveScreenshot(page, testInfo, 'bench-redis-ready');
});

test('a wrong password shows the plain failure message', async ({ page, labwire }, testInfo) => {
  const guarded = await startRedisServer({ args: ['--requirepass', 'correct-horse-battery'] });
  try {
    await page.goto(labwire.url);
    await createProfile(page, { name: 'Guarded Redis', host: '127.0.0.1', port: guarded.port, password: 'wrong-password' });
    await expect(page.getByTestId('password-state')).toHaveText('stored');

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'failed', { timeout: READY_TIMEOUT_MS });
    await expect(connectionStatus(page)).toContainText('Failed: The server refused the password for user default.');
    await saveScreenshot(page, testInfo, 'wrong-password');
  } finally {
    await guarded.stop();
  }
});

test('a killed redis shows reconnecting, then ready again after a restart', async ({ page, labwire, redis }, testInfo) => {
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });

  await redis.kill();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'reconnecting', { timeout: READY_TIMEOUT_MS });
  await expect(connectionStatus(page)).toContainText(/Reconnecting \(attempt \d+\) — last error: .+/);
  await saveScreenshot(page, testInfo, 'reconnecting');

  await redis.restart();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: RECOVERY_TIMEOUT_MS });
  await expect(page.getByText(/Connection was lost from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d/)).toBeVisible();
  await saveScreenshot(page, testInfo, 'ready-after-restart');
});
