/**
 * The publish panel against a real redis-server: a real ioredis subscriber
 * in the test receives what the panel sends, byte for byte.
 */
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { unpack } from 'msgpackr';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function openLiveChannels(page: Page, url: string, redisPort: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Live channels' }).click();
}

/** A real subscriber that keeps every payload it receives on `channel`, as bytes. */
async function subscribe(port: number, channel: string): Promise<{ received: Buffer[]; stop(): void }> {
  const subscriber = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // The fixture stops redis-server when a test ends; a failing test may not have disconnected yet.
  subscriber.on('error', () => undefined);
  const received: Buffer[] = [];
  subscriber.on('messageBuffer', (_channel: Buffer, payload: Buffer) => received.push(payload));
  await subscriber.connect();
  await subscriber.subscribe(channel);
  return { received, stop: () => subscriber.disconnect() };
}

function publishForm(page: Page) {
  return page.getByRole('form', { name: 'Publish a message' });
}

test('a command published from the panel reaches a real subscriber byte for byte', async ({ page, labwire, redis }, testInfo) => {
  const subscriber = await subscribe(redis.port, 'user:demo1:commands');
  try {
    await openLiveChannels(page, labwire.url, redis.port);
    const form = publishForm(page);
    const payload = '{ "type": "command",  "command": "start_recording", "params": {"gain": 24} }';
    await form.getByRole('combobox', { name: 'Channel', exact: true }).fill('user:demo1:commands');
    await form.getByRole('textbox', { name: 'Payload' }).fill('{ "type": "command", ');
    await expect(form.getByText(/^Not valid JSON:/)).toBeVisible();
    await expect(form.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
    await saveScreenshot(page, testInfo, 'payload-invalid-json');

    await form.getByRole('textbox', { name: 'Payload' }).fill(payload);
    await expect(form.getByText(/^Valid JSON\./)).toBeVisible();
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByTestId('publish-outcome')).toContainText('Delivered to 1 subscriber');
    await expect.poll(() => subscriber.received.length).toBe(1);
    expect(subscriber.received[0]).toEqual(Buffer.from(payload, 'utf8'));
    await page.getByTestId('publish-outcome').scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'delivered-to-one');

    // The MessagePack template: packed by the bus, with a fresh message id each time.
    await form.getByRole('combobox', { name: 'Template' }).selectOption({ label: 'Command to a user (MessagePack) — user:{id}:commands' });
    await expect(form.getByRole('radio', { name: 'MessagePack' })).toBeChecked();
    await expect(form.getByRole('combobox', { name: 'Channel', exact: true })).toHaveValue('user:demo1:commands');
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => subscriber.received.length).toBe(2);
    await expect(form.getByText('A new message id was filled in for the next publish.')).toBeVisible();
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => subscriber.received.length).toBe(3);

    const commands = subscriber.received.slice(1).map((bytes) => unpack(bytes) as { command: string; message_id: string; params: unknown });
    expect(commands.map((command) => ({ command: command.command, params: command.params, hasUuid: UUID.test(command.message_id) }))).toEqual([
      { command: 'set_sampling_rate', params: { hz: 250 }, hasUuid: true },
      { command: 'set_sampling_rate', params: { hz: 250 }, hasUuid: true },
    ]);
    expect(commands[0]?.message_id).not.toBe(commands[1]?.message_id);
  } finally {
    subscriber.stop();
  }
});

test('publishing to a channel nobody listens on warns plainly, and the history can load it again', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  const form = publishForm(page);
  await form.getByRole('combobox', { name: 'Channel', exact: true }).fill('user:nobody:commands');
  await form.getByRole('radio', { name: 'Plain text' }).check();
  await form.getByRole('textbox', { name: 'Payload' }).fill('ping');
  await form.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByTestId('publish-outcome').locator('.notice-title')).toHaveText('Nobody listening');
  await expect(page.getByTestId('publish-outcome')).toContainText('Redis accepted the message on user:nobody:commands, but no client is subscribed to it');

  const history = page.getByRole('region', { name: 'Published from here' });
  await expect(history.getByRole('row').nth(1)).toContainText('user:nobody:commands');
  await expect(history.getByRole('row').nth(1)).toContainText('Nobody listening');
  await page.getByTestId('publish-outcome').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'nobody-listening');

  await form.getByRole('textbox', { name: 'Payload' }).fill('changed');
  await history.getByRole('button', { name: /^Publish again/ }).first().click();
  await expect(form.getByRole('textbox', { name: 'Payload' })).toHaveValue('ping');
});

test('a production profile asks before publishing, naming the server and channel; a read-only one cannot publish', async ({ page, labwire, redis }, testInfo) => {
  const subscriber = await subscribe(redis.port, 'system:alerts');
  try {
    await openLiveChannels(page, labwire.url, redis.port);
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('checkbox', { name: 'Production server' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('tab', { name: 'Live channels' }).click();

    const form = publishForm(page);
    await form.getByRole('combobox', { name: 'Template' }).selectOption({ label: 'System alert — system:alerts' });
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish to a production server?' });
    await expect(dialog).toContainText(`"Bench Redis" (127.0.0.1:${redis.port}) is a production server. Publish this message to system:alerts?`);
    await saveScreenshot(page, testInfo, 'production-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(subscriber.received).toHaveLength(0);

    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByTestId('publish-outcome')).toContainText('Delivered to 1 subscriber');
    await expect.poll(() => subscriber.received.length).toBe(1);

    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('checkbox', { name: 'Read-only' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('tab', { name: 'Live channels' }).click();
    await expect(page.getByText('"Bench Redis" is read-only, so publishing is turned off.')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
    await saveScreenshot(page, testInfo, 'read-only-disabled');
  } finally {
    subscriber.stop();
  }
});
