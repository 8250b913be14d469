/**
 * The browser relay from the Bridges tab against the serve host and a real
 * redis-server: started from the panel, a real `ws` client (this test's Node
 * side) connects with the token the panel shows, receives a published
 * message with its sequence number, and shows up in the clients table; a
 * client without the token is refused; stopping closes the relay.
 */
import { Redis } from 'ioredis';
import { RelayTestClient } from '../support/relayTestClient';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const CHANNEL = 'lab:incubator';

test('the relay started from the panel serves a ws client with the shown token and lists it', async ({ page, labwire, redis }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(labwire.url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redis.port });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Bridges' }).click();

  const panel = page.getByRole('region', { name: 'Browser relay' });
  // The origins box is framed and padded as the text inputs above it (it had the browser's 2 px and gray frame).
  // Both are waited for first: the tab renders its panel after the click resolves.
  await expect(page.locator('#relay-host')).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await expect(page.locator('#relay-origins')).toBeVisible({ timeout: READY_TIMEOUT_MS });
  const frames = await page.evaluate<string[]>(
    `['#relay-host', '#relay-origins'].map((selector) => { const style = getComputedStyle(document.querySelector(selector)); return [style.padding, style.border, style.borderRadius].join(' / '); })`,
  );
  expect(frames[1]).toBe(frames[0]);
  // Port 0 picks a free port, so parallel runs never collide.
  await panel.getByLabel('Port', { exact: true }).fill('0');
  await panel.getByRole('button', { name: 'Start relay' }).click();
  await expect(panel.getByRole('button', { name: 'Stop relay' })).toBeVisible({ timeout: READY_TIMEOUT_MS });

  const facts = panel.locator('.relay-facts');
  const address = (await facts.locator('dd').nth(0).locator('code').textContent()) ?? '';
  const token = (await facts.locator('dd').nth(1).locator('code').textContent()) ?? '';
  const shown = /^ws:\/\/127\.0\.0\.1:(\d+)\/\?token=(.+)$/.exec(address);
  expect(shown, `the address shown: ${address}`).not.toBeNull();
  const port = Number(shown?.[1]);
  expect(token.length).toBeGreaterThan(20);
  expect(decodeURIComponent(shown?.[2] ?? '')).toBe(token);

  const refused = await RelayTestClient.connect(port, { token: null });
  expect(refused instanceof RelayTestClient).toBe(false);
  if (!(refused instanceof RelayTestClient)) expect(refused.refusedWith).toBe(401);
  await expect(panel.getByText(/^1 since the start/)).toBeVisible({ timeout: READY_TIMEOUT_MS });

  const client = await RelayTestClient.open(port, { token });
  const publisher = new Redis({ host: '127.0.0.1', port: redis.port, retryStrategy: () => null });
  publisher.on('error', () => undefined);
  try {
    await client.subscribe('channel', CHANNEL);
    await publisher.publish(CHANNEL, JSON.stringify({ temperature: 24.5 }));
    await expect.poll(() => client.ofType('message').length, { timeout: READY_TIMEOUT_MS }).toBe(1);
    const [message] = client.ofType('message');
    expect(message).toMatchObject({ type: 'message', channel: CHANNEL, seq: 1, data: { temperature: 24.5 } });

    const table = panel.getByRole('table', { name: 'Relay clients' });
    const row = table.getByRole('row').filter({ hasText: CHANNEL });
    await expect(row).toHaveCount(1, { timeout: READY_TIMEOUT_MS });
    await expect(row.locator('td.number').first()).toHaveText('1', { timeout: READY_TIMEOUT_MS });
    await expect(panel.getByRole('heading', { name: 'Clients (1)' })).toBeVisible();
    await saveScreenshot(page, testInfo, 'relay-running');

    await panel.getByRole('button', { name: 'Stop relay' }).click();
    await expect(panel.getByRole('button', { name: 'Start relay' })).toBeVisible({ timeout: READY_TIMEOUT_MS });
    await expect.poll(() => client.closeCode, { timeout: READY_TIMEOUT_MS }).not.toBeNull();
    await expect.poll(() => RelayTestClient.connect(port, { token }).then(() => 'open', () => 'closed'), { timeout: READY_TIMEOUT_MS }).toBe('closed');
  } finally {
    client.close();
    publisher.disconnect();
  }
});
