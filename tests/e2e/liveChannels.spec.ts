/**
 * The Live channels tab against a real redis-server: a real ioredis client
 * publishes, the feed shows what arrived, decoded as it should be.
 */
import type { Locator, Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
/** Reconnect backoff is capped at 10 s (plus jitter) in the bus. */
const RECOVERY_TIMEOUT_MS = 30_000;
/** Neither valid UTF-8 nor MessagePack (0xC1 is a byte MessagePack never uses): only "binary" fits. */
const BINARY_PAYLOAD = Buffer.from([0xc1, 0x00, 0xff, 0xfe, 0x10, 0x80, 0x7f, 0x0a]);

async function openLiveChannels(page: Page, url: string, redisPort: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Bench Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('tab', { name: 'Live channels' }).click();
}

/** Adds a lane and resolves when its card says it is receiving. */
async function addLane(page: Page, kind: 'Exact channel' | 'Pattern (* ? [ ])', name: string): Promise<Locator> {
  const form = page.getByRole('form', { name: 'Add a lane' });
  await form.getByRole('radio', { name: kind }).check();
  await form.getByRole('textbox').fill(name);
  await form.getByRole('button', { name: 'Add lane' }).click();
  const lane = page.getByRole('region', { name: `Lane ${name}`, exact: true });
  await expect(lane.getByRole('status')).toHaveText('Receiving');
  return lane;
}

function feedOf(page: Page): Locator {
  return page.getByRole('listbox', { name: /^Messages of/ });
}

/** Channel and decoder badge of each row in view, newest first. */
function rowsInView(feed: Locator): Promise<{ channel: string; kind: string }[]> {
  return feed.locator('[role="option"][data-seq]').evaluateAll((rows) =>
    rows
      .map((row) => ({ top: (row as unknown as { offsetTop: number }).offsetTop, channel: row.querySelector('.feed-channel')?.textContent ?? '', kind: row.querySelector('[data-kind]')?.getAttribute('data-kind') ?? '' }))
      .sort((left, right) => left.top - right.top)
      .map(({ channel, kind }) => ({ channel, kind })),
  );
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

test('JSON, MessagePack and binary messages show with their decoder, and open in the inspector', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  // A standalone server has no sharded channels: the choice is not offered (clusterLanes.spec shows it on a Cluster).
  const form = page.getByRole('form', { name: 'Add a lane' });
  await expect(form.getByRole('radio', { name: 'Exact channel' })).toBeVisible();
  await expect(form.getByRole('radio', { name: 'Sharded channel (Cluster)' })).toHaveCount(0);
  // The empty feed says what to do where it can be read at 1440x900, not at the middle of a 560 px box, under the status bar.
  const emptyHint = await page.getByText('Add a lane to see messages here.').boundingBox();
  const statusBar = await page.locator('.status-bar').boundingBox();
  expect((emptyHint?.y ?? Infinity) + (emptyHint?.height ?? 0)).toBeLessThanOrEqual(statusBar?.y ?? 0);
  await addLane(page, 'Pattern (* ? [ ])', 'bench:*');

  await withPublisher(redis.port, async (publisher) => {
    await publisher.publish(
      'bench:json',
      JSON.stringify({ channel: 'bench:json', source: 'scale-3', timestamp: Date.now() / 1000, data: { device_id: 'mushroom1', weight_g: 12.5 } }),
    );
    await publisher.publish('bench:msgpack', pack({ type: 'raw', timestamp: Date.now(), channels: { Ch0: 1.5, Ch1: -2 } }));
    await publisher.publish('bench:binary', BINARY_PAYLOAD);
  });

  const feed = feedOf(page);
  await expect.poll(() => rowsInView(feed)).toEqual([
    { channel: 'bench:binary', kind: 'binary' },
    { channel: 'bench:msgpack', kind: 'msgpack' },
    { channel: 'bench:json', kind: 'json' },
  ]);
  await saveScreenshot(page, testInfo, 'feed-three-decoders');

  await feed.getByRole('option').filter({ hasText: 'bench:json' }).click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toContainText('device_id: "mushroom1"');
  await expect(inspector).toContainText('scale-3');
  await page.getByRole('region', { name: 'Message', exact: true }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'inspector-json-tree');

  await feed.getByRole('option').filter({ hasText: 'bench:msgpack' }).click();
  await expect(inspector.getByRole('list', { name: 'Decoded value' })).toContainText('Ch1: -2');

  await feed.getByRole('option').filter({ hasText: 'bench:binary' }).click();
  await expect(page.getByTestId('hex-dump')).toHaveText('00000000  c1 00 ff fe 10 80 7f 0a                           |........|');
  await saveScreenshot(page, testInfo, 'inspector-binary-hex');
});

test("a row of the feed shows the whole channel name; its cut envelope and lanes keep their text in a tooltip", async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  // Two lanes, so each row names its lanes as the demo's feed does (user:demo1:raw was cut to "user:demo1…" beside "r…" and "lane user:dem…").
  await addLane(page, 'Exact channel', 'agent:status');
  await addLane(page, 'Exact channel', 'user:demo1:raw');
  await withPublisher(redis.port, async (publisher) => {
    await publisher.publish('user:demo1:raw', pack({ type: 'raw', source: 'eeg-amplifier-bench-2', seq: 1, timestamp: Date.now() / 1000, channels: { Ch0: 1.5 } }));
  });
  const row = feedOf(page).getByRole('option').first();
  await expect(row).toContainText('user:demo1:raw');
  const parts = await row.locator('.feed-channel, .feed-envelope, .feed-lanes').evaluateAll((spans) =>
    spans.map((span) => ({ part: span.className, isCut: span.scrollWidth > span.clientWidth, hasWholeTextInTitle: (span.getAttribute('title') ?? '').includes(span.textContent ?? '') })),
  );
  expect(parts).toEqual([
    { part: 'feed-channel', isCut: false, hasWholeTextInTitle: true },
    { part: 'feed-envelope', isCut: true, hasWholeTextInTitle: true },
    { part: 'feed-lanes', isCut: expect.any(Boolean), hasWholeTextInTitle: true },
  ]);
  await feedOf(page).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'feed-row-two-lanes');
});

test('a paused lane holds what arrives and shows it on resume', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  const lane = await addLane(page, 'Exact channel', 'devices:telemetry');
  await lane.getByRole('button', { name: /^Pause/ }).click();
  await expect(lane.getByRole('status')).toHaveText('Paused');

  await withPublisher(redis.port, async (publisher) => {
    for (let index = 1; index <= 5; index++) await publisher.publish('devices:telemetry', JSON.stringify({ reading: index }));
  });
  await expect(lane.getByTestId('pause-buffer')).toHaveText('5 of 10,000 held, 0 dropped');
  await expect(page.getByTestId('feed-counts')).toContainText(/^0 shown/);
  await saveScreenshot(page, testInfo, 'lane-paused-holding-5');

  await lane.getByRole('button', { name: /^Resume/ }).click();
  await expect(lane.getByRole('status')).toHaveText('Receiving');
  await expect.poll(() => rowsInView(feedOf(page))).toHaveLength(5);
  await expect(page.getByTestId('feed-counts')).toContainText(/^5 shown/);
  await expect(feedOf(page).getByRole('option').first()).toContainText('{"reading":5}');
});

test('a field filter shows only the matching messages, and says what is wrong while typing', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  const lane = await addLane(page, 'Pattern (* ? [ ])', 'devices:*');
  const filter = lane.getByRole('textbox', { name: 'Filter' });

  await filter.fill('data.device_id ==');
  await expect(lane.getByText('Add a value after ==, for example data.device_id == mushroom1.')).toBeVisible();
  await expect(filter).toHaveAttribute('aria-invalid', 'true');
  await saveScreenshot(page, testInfo, 'filter-syntax-problem');

  await filter.fill('data.device_id == mushroom1');
  await expect(lane.getByText('Press Enter to apply. Shows messages where data.device_id equals "mushroom1".')).toBeVisible();
  await filter.press('Enter');
  await expect(lane.getByRole('button', { name: 'Clear filter' })).toBeVisible();

  const telemetry = (deviceId: string, co2: number): string =>
    JSON.stringify({ channel: 'devices:telemetry', source: 'device-manager', timestamp: Date.now(), data: { device_id: deviceId, telemetry: { co2 } } });
  await withPublisher(redis.port, async (publisher) => {
    await publisher.publish('devices:telemetry', telemetry('mushroom1', 640));
    await publisher.publish('devices:telemetry', telemetry('mushroom2', 700));
    await publisher.publish('devices:status', 'mushroom1 rebooted');
    await publisher.publish('devices:telemetry', telemetry('mushroom1', 655));
  });

  const feed = feedOf(page);
  // Every message has arrived once the channel table counts them all.
  const channels = page.getByRole('region', { name: 'Channels', exact: true });
  await expect(channels.getByRole('row', { name: /devices:telemetry/ }).getByRole('cell').nth(2)).toHaveText('3');
  await expect(channels.getByRole('row', { name: /devices:status/ }).getByRole('cell').nth(2)).toHaveText('1');
  const co2OfRows = async (): Promise<(string | undefined)[]> =>
    (await feed.locator('.feed-preview').allTextContents()).map((preview) => /"co2":(\d+)/.exec(preview)?.[1]);
  await expect.poll(co2OfRows).toEqual(['655', '640']);
  await saveScreenshot(page, testInfo, 'filter-mushroom1');
});

test('scrolling away stops at the rows being read; "Jump to live" counts new ones and returns', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  await addLane(page, 'Exact channel', 'experiments:data');
  const publishReadings = (from: number, to: number): Promise<void> =>
    withPublisher(redis.port, async (publisher) => {
      for (let index = from; index <= to; index++) await publisher.publish('experiments:data', JSON.stringify({ sample: index }));
    });
  await publishReadings(1, 40);
  await expect(page.getByTestId('feed-counts')).toContainText(/^40 shown/);
  const feed = feedOf(page);
  // Virtualised: only the rows in view (and a few around them) exist in the page.
  expect(await feed.getByRole('option').count()).toBeLessThan(30);

  await feed.hover();
  await page.mouse.wheel(0, 600);
  const jump = page.getByRole('button', { name: /^Jump to live/ });
  await expect(jump).toHaveText('Jump to live');
  const topRow = (): Promise<string> =>
    feed.evaluate((scroller) => {
      const rows = [...scroller.querySelectorAll('[role="option"][data-seq]')] as unknown as { offsetTop: number; querySelector: (selector: string) => { textContent: string | null } | null }[];
      const top = rows.filter((row) => row.offsetTop >= scroller.scrollTop).sort((left, right) => left.offsetTop - right.offsetTop)[0];
      return top?.querySelector('.feed-preview')?.textContent ?? '';
    });
  const readingBefore = await topRow();

  await publishReadings(41, 43);
  await expect(jump).toHaveText('Jump to live (3 new)');
  expect(await topRow()).toBe(readingBefore);
  await saveScreenshot(page, testInfo, 'scrolled-away-three-new');

  await jump.click();
  await expect(jump).toBeHidden();
  await expect(feed.getByRole('option').first()).toContainText('{"sample":43}');
  expect(await feed.evaluate((scroller) => scroller.scrollTop)).toBe(0);
});

test('active channels are listed with their subscribers, one click listens, and a message two lanes match shows once in each', async ({ page, labwire, redis }, testInfo) => {
  const listener = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, retryStrategy: () => null });
  listener.on('error', () => undefined);
  try {
    await listener.connect();
    await listener.subscribe('lab:incubator2', 'lab:incubator3');
    await openLiveChannels(page, labwire.url, redis.port);

    await page.getByText('Find active channels').click();
    const discovery = page.getByRole('form', { name: 'Find active channels' });
    await discovery.getByRole('textbox', { name: 'Channels matching' }).fill('lab:*');
    await discovery.getByRole('button', { name: 'Find' }).click();
    const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Subscribers' }) });
    await expect(table.getByRole('row')).toHaveText([/Channel\s*Subscribers/, /lab:incubator2\s*1\s*Listen/, /lab:incubator3\s*1\s*Listen/]);

    await page.getByRole('button', { name: 'Listen to lab:incubator2' }).click();
    await expect(page.getByRole('region', { name: 'Lane lab:incubator2', exact: true }).getByRole('status')).toHaveText('Receiving');
    await addLane(page, 'Pattern (* ? [ ])', 'lab:*');
    await discovery.getByRole('button', { name: 'Find again' }).click();
    await expect(table.getByRole('row').nth(1)).toHaveText(/lab:incubator2\s*2\s*Listening/);

    await withPublisher(redis.port, async (publisher) => {
      await publisher.publish('lab:incubator2', JSON.stringify({ door: 'open', minutes: 5 }));
    });
    const show = page.getByRole('combobox', { name: 'Show' });
    await expect(show.getByRole('option')).toHaveText(['All lanes (1)', 'lab:incubator2 (1)', 'lab:* (pattern) (1)']);
    await expect(feedOf(page).getByRole('option')).toHaveCount(1);
    await show.selectOption({ label: 'lab:* (pattern) (1)' });
    await expect(page.getByRole('listbox', { name: 'Messages of lab:* (pattern), newest first' }).getByRole('option')).toHaveCount(1);
    await saveScreenshot(page, testInfo, 'discovery-and-two-lanes');
  } finally {
    listener.disconnect();
  }
});

test('a server outage shows as a gap row between the messages before and after it', async ({ page, labwire, redis }, testInfo) => {
  await openLiveChannels(page, labwire.url, redis.port);
  const lane = await addLane(page, 'Exact channel', 'agents:status');
  await withPublisher(redis.port, (publisher) => publisher.publish('agents:status', '{"before":true}').then(() => undefined));
  await expect(feedOf(page).getByRole('option')).toHaveCount(1);

  await redis.kill();
  await expect(lane.getByRole('status')).toHaveText(/^Interrupted/, { timeout: RECOVERY_TIMEOUT_MS });
  await redis.restart();
  await expect(lane.getByRole('status')).toHaveText('Receiving', { timeout: RECOVERY_TIMEOUT_MS });
  await withPublisher(redis.port, (publisher) => publisher.publish('agents:status', '{"after":true}').then(() => undefined));

  await expect(feedOf(page).getByRole('option')).toHaveText([
    /\{"after":true\}/,
    /No messages received from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d: Connection to the server lost/,
    /\{"before":true\}/,
  ]);
  await saveScreenshot(page, testInfo, 'gap-after-outage');
});
