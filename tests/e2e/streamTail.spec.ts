/**
 * A stream as a source in the UI, against a real redis-server: a lane tails a
 * stream (entries added with a plain client appear in the feed), and a
 * telemetry chart draws a numeric field of a stream's entries.
 */
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;

async function connect(page: Page, url: string, redisPort: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Stream Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
}

async function withWriter(port: number, write: (writer: Redis) => Promise<void>): Promise<void> {
  const writer = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await writer.connect();
    await write(writer);
  } finally {
    writer.disconnect();
  }
}

test('a lane on a stream shows the entries added after it, in the feed', async ({ page, labwire, redis }, testInfo) => {
  await connect(page, labwire.url, redis.port);
  await page.getByRole('tab', { name: 'Live channels' }).click();
  const form = page.getByRole('form', { name: 'Add a lane' });
  await form.getByRole('radio', { name: 'Stream (tail)' }).check();
  await form.getByRole('textbox').fill('lab:tasks');
  await form.getByRole('button', { name: 'Add lane' }).click();
  const lane = page.getByRole('region', { name: 'Lane lab:tasks', exact: true });
  await expect(lane.getByRole('status')).toHaveText('Receiving');
  await expect(lane).toContainText('Stream (tail)');

  await withWriter(redis.port, async (writer) => {
    await writer.xadd('lab:tasks', '*', 'data', JSON.stringify({ task: 'centrifuge', sample: 'S-101' }));
    await writer.xadd('lab:tasks', '*', 'type', 'measure', 'celsius', '21.5');
  });

  const feed = page.getByRole('listbox', { name: /^Messages of/ });
  await expect(feed.getByRole('option')).toHaveCount(2);
  await expect(feed.getByRole('option').first()).toContainText('{"type":"measure","celsius":"21.5"}');
  await expect(feed.getByRole('option').last()).toContainText('{"task":"centrifuge","sample":"S-101"}');
  await feed.getByRole('option').first().click();
  await expect(page.getByTestId('stream-entry-id')).toHaveText(/^Stream entry \d+-\d+$/);
  await saveScreenshot(page, testInfo, 'stream-lane-feed');
});

test('a telemetry chart draws a numeric field of a stream', async ({ page, labwire, redis }, testInfo) => {
  await connect(page, labwire.url, redis.port);
  await page.getByRole('tab', { name: 'Plots' }).click();
  await page.getByRole('button', { name: 'Add chart' }).click();
  const form = page.getByRole('form', { name: 'Add chart' });
  await form.getByLabel('Draw from').selectOption('stream');
  await form.getByLabel('Stream key', { exact: true }).fill('lab:readings');
  await form.getByLabel('Fields').fill('celsius');
  await form.getByRole('button', { name: 'Add field' }).click();
  await form.getByLabel('Title (optional)').fill('Oven temperature');
  await form.getByRole('button', { name: 'Add chart' }).click();
  const chart = page.getByRole('region', { name: 'Oven temperature' });
  await expect(chart).toBeVisible();

  await withWriter(redis.port, async (writer) => {
    for (const celsius of ['21.5', '22.0', '22.5']) await writer.xadd('lab:readings', '*', 'device', 'oven1', 'celsius', celsius);
  });
  await expect(chart.getByRole('list', { name: 'Series' }).getByRole('listitem')).toHaveText([/celsius\s+22\.5/], { timeout: READY_TIMEOUT_MS });
  await saveScreenshot(page, testInfo, 'stream-telemetry-chart');
});
