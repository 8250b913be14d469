/**
 * Demo data with no server, in the page: `--demo` on a machine without
 * redis-server, and the "Try demo data" button where a Redis profile cannot
 * connect. The feed and an EEG plot move; every place the demo profile shows
 * says it is demo data from no server, and nothing says "Connected".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { defaultProfileFields } from '../../src/shared/profile';
import { findFreePort } from '../support/freePort';
import { connectionStateBadge, expect, saveScreenshot, test } from './fixtures/labwireTest';
import { startServeHostProcess } from './fixtures/serveHostProcess';

const SETTLED_TIMEOUT_MS = 30_000;

// Each test walks the connection panel, the feed and a plot on a shared, slow machine.
test.slow();
const EEG_CHANNEL = 'user:demo1:raw';
const MOTION_WAIT_MS = 500;

/** A data folder whose "Local Redis" points at a port nobody listens on: a fresh machine, whatever runs on this one's 6379. */
async function seedSilentLocalRedis(dataDir: string, port: number): Promise<void> {
  const profile = { ...defaultProfileFields(), port, id: 'local-redis', isManagedLocal: false, createdAt: 0, updatedAt: 0 };
  const file = { format: 'labwire-profile-store', version: 1, profiles: [profile] };
  await writeFile(join(dataDir, 'profiles.json'), JSON.stringify(file), { mode: 0o600 });
}

async function expectLabelledAsDemo(page: Page): Promise<void> {
  const sidebar = page.getByRole('navigation', { name: 'Connection profiles' });
  const demoItem = sidebar.getByRole('button', { name: /Demo data \(no server\)/ });
  await expect(demoItem).toContainText('Demo data, no server');
  await expect(demoItem).not.toContainText('Connected');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demo data (no server)');
  await expect(page.getByText('Demo data — no server', { exact: true })).toBeVisible();
  await expect(page.locator('.workspace-address')).toHaveText('Generated on this computer');
  await expect(page.getByTestId('status-demo')).toHaveText('Showing demo data from no server');
}

async function expectFeedMoves(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Live channels' }).click();
  const form = page.getByRole('form', { name: 'Add a lane' });
  await form.getByRole('radio', { name: 'Pattern (* ? [ ])' }).check();
  await form.getByRole('textbox').fill('devices:*');
  await form.getByRole('button', { name: 'Add lane' }).click();
  const lane = page.getByRole('region', { name: 'Lane devices:*', exact: true });
  await expect(lane.getByRole('status')).toHaveText('Receiving');
  const feed = page.getByRole('listbox', { name: /^Messages of/ });
  await expect(feed.getByRole('option').first()).toContainText('devices:', { timeout: SETTLED_TIMEOUT_MS });
  const shownCount = async (): Promise<number> => Number(/^([\d,]+) shown/.exec((await page.getByTestId('feed-counts').textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 'NaN');
  const first = await shownCount();
  await expect.poll(shownCount, { timeout: SETTLED_TIMEOUT_MS }).toBeGreaterThan(first);
  await expect(page.getByText('Demo data has no server to publish to', { exact: false })).toBeVisible();
}

async function expectEegMoves(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Plots' }).click();
  const view = page.getByTestId(`eeg-view-${EEG_CHANNEL}`);
  await expect(view).toBeVisible({ timeout: SETTLED_TIMEOUT_MS });
  const samples = async (): Promise<number> => Number((await view.getByTestId('eeg-samples').textContent())?.replace(/,/g, '') ?? 'NaN');
  await expect.poll(samples, { timeout: SETTLED_TIMEOUT_MS }).toBeGreaterThan(200);
  const canvas = view.getByTestId('eeg-canvas').locator('canvas');
  const before = await canvas.screenshot();
  await page.waitForTimeout(MOTION_WAIT_MS);
  const after = await canvas.screenshot();
  expect(before.equals(after), 'two pictures of the live montage 500 ms apart should differ').toBe(false);
}

test('--demo without redis-server: demo data from no server moves in the feed and an EEG plot, and says so', async ({ page }, testInfo) => {
  const silentPort = await findFreePort();
  const emptyBin = testInfo.outputPath('bin-without-redis');
  await mkdir(emptyBin, { recursive: true });
  const host = await startServeHostProcess({
    extraArguments: ['--demo'],
    env: { ...process.env, PATH: emptyBin },
    prepareDataDir: (dataDir) => seedSilentLocalRedis(dataDir, silentPort),
  });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(host.url);
    await expect(page.getByTestId('demo-notice')).toContainText('Showing demo data from no server instead', { timeout: SETTLED_TIMEOUT_MS });
    await expect(page.getByTestId('demo-notice')).toContainText('sudo apt-get install redis-server');
    // Until the page hears the demo profile's state it may show the first profile; the demo one is chosen once it is open.
    await page.getByRole('navigation', { name: 'Connection profiles' }).getByRole('button', { name: /Demo data \(no server\)/ }).click();
    await expectLabelledAsDemo(page);
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'demo');
    await expect(page.getByTestId('connection-status')).toContainText('Demo data — no server; generated on this computer.');
    await expect(page.getByTestId('simulator-status')).toContainText('Generating on this computer since');
    // No address, password or TLS to edit: the editor gives way to what the profile is.
    await expect(page.getByRole('heading', { name: 'About demo data' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Profile settings' })).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'demo-offline-connection');
    await expectFeedMoves(page);
    await saveScreenshot(page, testInfo, 'demo-offline-live');
    await expectEegMoves(page);
    await saveScreenshot(page, testInfo, 'demo-offline-plots');
  } finally {
    await host.stop();
  }
});

test('the "Try demo data" button on a profile that cannot connect opens demo data with no server', async ({ page }, testInfo) => {
  const silentPort = await findFreePort();
  const host = await startServeHostProcess({ prepareDataDir: (dataDir) => seedSilentLocalRedis(dataDir, silentPort) });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', /reconnecting|failed/, { timeout: SETTLED_TIMEOUT_MS });
    const isRetrying = (await connectionStateBadge(page).getAttribute('data-state')) === 'reconnecting';
    if (isRetrying) await expect(page.getByTestId('demo-stops-retrying')).toContainText('Starting the demo stops those attempts');
    await saveScreenshot(page, testInfo, 'demo-offer');
    await page.getByRole('button', { name: 'Try demo data (no server needed)' }).click();
    await expectLabelledAsDemo(page);
    await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'demo');
    await expectEegMoves(page);
    await saveScreenshot(page, testInfo, 'demo-button-plots');
    // The Redis profile left behind no longer retries out of sight.
    const redisItem = page.getByRole('navigation', { name: 'Connection profiles' }).getByRole('button', { name: /Local Redis/ });
    if (isRetrying) await expect(redisItem).toContainText('Disconnected');
    await expect(redisItem).not.toContainText(/Reconnecting|Connecting/i);
  } finally {
    await host.stop();
  }
});
