/**
 * The Live channels screen tells the truth (issue #10): statistics stay
 * current while another tab is shown, a filter applies to the rows already
 * held, the feed lists only rows the bus still holds, the selection
 * survives a reload, and publish feedback does not count Labwire itself.
 */
import type { Locator, Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
/** The bus's rate window is five seconds: after this long without a message the rate must read 0. */
const RATE_WINDOW_PASSED_MS = 6_500;
/** The bus history holds 256 MiB of payloads: 300 messages of 1 MiB overflow it. */
const FLOOD_PAYLOAD_BYTES = 1024 * 1024;
const FLOOD_MESSAGES = 300;

async function openLiveChannels(page: Page, url: string, redisPort: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Live channels' }).click();
}

async function addLane(page: Page, kind: 'Exact channel' | 'Pattern (* ? [ ])', name: string): Promise<Locator> {
  const form = page.getByRole('form', { name: 'Add a lane' });
  await form.getByRole('radio', { name: kind }).check();
  await form.getByRole('textbox').fill(name);
  await form.getByRole('button', { name: 'Add lane' }).click();
  const lane = page.getByRole('region', { name: `Lane ${name}`, exact: true });
  await expect(lane.getByRole('status').first()).toHaveText('Receiving');
  return lane;
}

async function withPublisher(port: number, publish: (publisher: Redis) => Promise<void>): Promise<void> {
  const publisher = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await publisher.connect();
    await publish(publisher);
  } finally {
    publisher.disconnect();
  }
}

/** The Channels table's cells of one channel: name, Msg/s, Bytes/s, Total, Dropped, Last seen. */
function channelRow(page: Page, channel: string): Locator {
  return page.getByRole('region', { name: 'Channels', exact: true }).getByRole('row', { name: new RegExp(`^${channel}`) });
}

function feedOf(page: Page): Locator {
  return page.getByRole('listbox', { name: /^Messages of/ });
}

test('statistics keep counting while another tab is shown: totals move, rates fall to 0, last seen ages', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  await addLane(page, 'Pattern (* ? [ ])', 'eeg:*');
  await withPublisher(redis.port, async (publisher) => {
    for (let n = 0; n < 20; n++) await publisher.publish('eeg:alex', JSON.stringify({ n }));
  });
  const row = channelRow(page, 'eeg:alex');
  await expect(row.getByRole('cell').nth(2)).toHaveText('20');

  await page.getByRole('tab', { name: 'Plots' }).click();
  await withPublisher(redis.port, async (publisher) => {
    await Promise.all(Array.from({ length: 486 }, (_, n) => publisher.publish('eeg:alex', JSON.stringify({ n: 20 + n }))));
  });
  // Nothing arrives from now on: a silent device must not look alive when the operator comes back.
  await page.waitForTimeout(RATE_WINDOW_PASSED_MS);
  await page.getByRole('tab', { name: 'Live channels' }).click();

  await expect(row.getByRole('cell').nth(2)).toHaveText('506');
  await expect(row.getByRole('cell').nth(0)).toHaveText('0');
  await expect(row.getByRole('cell').nth(4)).toHaveText(/^\d+ s ago$/);
  await saveScreenshot(page, testInfo, 'stats-after-plots-tab');
});

test('a filter applies to the rows already held, says what it searched and matched; a duplicate lane is refused', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  const lane = await addLane(page, 'Exact channel', 'devices:telemetry');
  await withPublisher(redis.port, async (publisher) => {
    for (let n = 0; n < 30; n++) {
      await publisher.publish('devices:telemetry', JSON.stringify({ data: { device_id: n % 3 === 0 ? 'mushroom1' : 'mushroom2', n } }));
    }
  });
  const previews = feedOf(page).locator('.feed-preview');
  await expect(page.getByTestId('feed-counts')).toContainText(/^30 (messages )?shown/);

  const filter = lane.getByRole('textbox', { name: 'Filter' });
  await filter.fill('data.device_id == mushroom1');
  await filter.press('Enter');
  const devicesShown = async (): Promise<(string | undefined)[]> => (await previews.allTextContents()).map((preview) => /"device_id":"(\w+)"/.exec(preview)?.[1]);
  await expect.poll(devicesShown).toEqual(Array(10).fill('mushroom1'));
  await expect(lane.getByTestId('filter-scan')).toHaveText('Applied to the 30 messages held before it: 10 matched, 20 taken out of the feed.');
  await expect(page.getByTestId('feed-counts')).toContainText(/^10 shown · this window holds 10 /);
  await expect(lane.locator('.lane-counters')).toHaveText('30 received · 20 filtered out · 10 in the feed');
  await saveScreenshot(page, testInfo, 'filter-over-held-rows');

  const form = page.getByRole('form', { name: 'Add a lane' });
  await form.getByRole('radio', { name: 'Exact channel' }).check();
  await form.getByRole('textbox').fill('devices:telemetry');
  await form.getByRole('button', { name: 'Add lane' }).click();
  await expect(form).toContainText('There is already a lane for the channel devices:telemetry with this decoder.');
  await expect(page.getByRole('region', { name: 'Lane devices:telemetry', exact: true })).toHaveCount(1);
  await saveScreenshot(page, testInfo, 'duplicate-lane-refused');
});

test('after the bus history overflows, every listed row can be opened and the numbers agree', async ({ page, labwire, redis }, testInfo) => {
  test.setTimeout(120_000);
  await openLiveChannels(page, labwire.url, redis.port);
  const lane = await addLane(page, 'Exact channel', 'camera:frames');
  await withPublisher(redis.port, async (publisher) => {
    // The flood is bigger than Redis lets a subscriber fall behind by default (32 MiB): lift that for this server only.
    await publisher.config('SET', 'client-output-buffer-limit', 'pubsub 0 0 0');
    const blob = 'x'.repeat(FLOOD_PAYLOAD_BYTES);
    for (let n = 0; n < FLOOD_MESSAGES; n++) await publisher.publish('camera:frames', `{"n":${n},"blob":"${blob}"}`);
  });
  await expect(channelRow(page, 'camera:frames').getByRole('cell').nth(2)).toHaveText(String(FLOOD_MESSAGES), { timeout: 60_000 });

  // The oldest row listed opens: rows the bus no longer holds are not listed.
  const feed = feedOf(page);
  await feed.focus();
  await feed.press('End');
  const messageView = page.getByRole('region', { name: 'Message', exact: true });
  await expect(messageView).toContainText(/no longer held|Size/);
  await expect(messageView).not.toContainText('no longer held');

  const counts = page.getByTestId('feed-counts');
  await expect(counts).toContainText('older ones removed (the bus history was full)');
  const text = (await counts.textContent()) ?? '';
  const number = (pattern: RegExp): number => Number((pattern.exec(text)?.[1] ?? 'NaN').replace(/,/g, ''));
  const shown = number(/^([\d,]+) shown/);
  const removed = number(/· ([\d,]+) older ones removed \(the bus history was full\)/);
  expect({ total: shown + removed, hasHistoryFullDrops: text.includes('history full') }).toEqual({ total: FLOOD_MESSAGES, hasHistoryFullDrops: false });
  await expect(lane.locator('.lane-counters')).toHaveText(`${FLOOD_MESSAGES} received · ${shown} in the feed`);
  await expect(messageView).toContainText(`"n":${removed},`);
  await saveScreenshot(page, testInfo, 'overflowed-history-oldest-row');
});

test('the lane shown and the message opened come back after switching tabs and after a reload', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  await addLane(page, 'Exact channel', 'lab:a');
  await addLane(page, 'Exact channel', 'lab:b');
  await withPublisher(redis.port, async (publisher) => {
    for (let n = 0; n < 5; n++) {
      await publisher.publish('lab:a', JSON.stringify({ lane: 'a', n }));
      await publisher.publish('lab:b', JSON.stringify({ lane: 'b', n }));
    }
  });
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'lab:b (5)' });
  await feedOf(page).getByRole('option').filter({ hasText: '"n":2' }).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toHaveText('{2 fields}lane: "b"n: 2');

  await page.getByRole('tab', { name: 'Plots' }).click();
  await page.getByRole('tab', { name: 'Live channels' }).click();
  await expect(page.getByRole('combobox', { name: 'Show' })).toHaveValue(/lane-/);
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toHaveText('{2 fields}lane: "b"n: 2');

  await page.reload();
  await page.getByRole('tab', { name: 'Live channels' }).click();
  await expect(page.getByRole('combobox', { name: 'Show' }).locator('option:checked')).toHaveText('lab:b (5)');
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toHaveText('{2 fields}lane: "b"n: 2');
  await expect(feedOf(page).getByRole('option', { selected: true })).toContainText('"n":2');
  await saveScreenshot(page, testInfo, 'selection-after-reload');
});

test("publishing to a channel only Labwire hears says so, and a channel with a space is warned about", async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  await addLane(page, 'Pattern (* ? [ ])', '*');
  const form = page.getByRole('form', { name: 'Publish a message' });
  const channel = form.getByRole('combobox', { name: 'Channel', exact: true });
  await channel.fill('lab:only-us');
  await form.getByRole('radio', { name: 'Plain text' }).check();
  await form.getByRole('textbox', { name: 'Payload' }).fill('ping');
  await form.getByRole('button', { name: 'Publish', exact: true }).click();
  const outcome = page.getByTestId('publish-outcome');
  await expect(outcome.locator('.notice-title')).toHaveText('Nobody listening but Labwire itself');
  await expect(outcome).toContainText("Redis counted 1 subscriber: Labwire's own lane or plot on this connection.");
  const history = page.getByRole('region', { name: 'Published from here' });
  await expect(history.getByRole('row').nth(1)).toContainText('Nobody listening but Labwire itself');
  await outcome.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'only-labwire-listening');

  await channel.fill('lab commands');
  await expect(form.getByTestId('channel-notice')).toHaveText('The channel name has a space. Redis allows it, but subscribers must use exactly the same name, spaces included.');
  await saveScreenshot(page, testInfo, 'channel-with-space-warned');
});
