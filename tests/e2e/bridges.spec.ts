/**
 * The Bridges section against the serve host and a real redis-server: the
 * editor names every slip beside its field, and a serial bridge made from
 * the UI on a socat pty carries lines into Redis and commands back out.
 */
import type { Page } from '@playwright/test';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;

async function openBridges(page: Page, url: string, redisPort: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Bridges' }).click();
}

test('the editor names each slip beside its field and warns about listening on every address', async ({ page, labwire, redis }, testInfo) => {
  await openBridges(page, labwire.url, redis.port);
  await expect(page.getByText('This profile has no bridges yet.', { exact: false })).toBeVisible();
  await saveScreenshot(page, testInfo, 'bridges-empty');

  await page.getByRole('button', { name: 'Add a bridge' }).click();
  const editor = page.getByRole('form', { name: 'New bridge' });
  await editor.getByRole('button', { name: 'Create bridge' }).click();
  await expect(editor.getByText('Give the bridge a name, e.g. "Incubator board".')).toBeVisible();
  await expect(editor.getByText('Choose a port from the list or type its path, e.g. /dev/ttyUSB0 or COM3.')).toBeVisible();
  await editor.getByLabel('Baud rate', { exact: true }).selectOption({ label: 'Other…' });
  await editor.getByLabel('Baud rate (bits/s)').fill('12x');
  await expect(editor.getByText('Enter a baud rate from 50 to 4,000,000 bits per second.')).toBeVisible();
  await editor.getByLabel('Framing').selectOption({ label: 'COBS' });
  await expect(editor.getByText('Consistent Overhead Byte Stuffing: binary records, each ended by a zero byte.')).toBeVisible();
  await editor.getByRole('heading', { name: 'New bridge' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'bridges-editor-serial');

  await editor.getByRole('radio', { name: 'UDP' }).check();
  await expect(editor.getByLabel('Listen on address')).toHaveValue('127.0.0.1');
  await expect(editor.getByText('listens on every network', { exact: false })).toHaveCount(0);
  await editor.getByLabel('Listen on address').fill('0.0.0.0');
  await expect(editor.getByText('0.0.0.0 listens on every network this computer is on', { exact: false })).toBeVisible();
  await editor.getByLabel('Listen on port').fill('70000');
  await expect(editor.getByText('Enter a port from 1 to 65,535.')).toBeVisible();
  await editor.getByLabel('Listen on address').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'bridges-editor-udp');

  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expect(editor).toHaveCount(0);
});
