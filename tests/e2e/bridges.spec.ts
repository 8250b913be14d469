/**
 * The Bridges section against the serve host and a real redis-server: the
 * editor names every slip beside its field, and a serial bridge made from
 * the UI on a socat pty carries lines into Redis and commands back out.
 */
import type { Locator, Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { openBenchEnd, startSocatPty, type BenchEnd } from '../support/socatPty';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
/** How often the fake device prints a reading: fast enough for a chart line, slow enough for a busy machine. */
const READING_INTERVAL_MS = 100;
const COMMAND = '{"command":"set_fan","speed":3}';

/** A real subscriber that keeps every payload it receives on `channel`, as text. */
async function subscribe(port: number, channel: string): Promise<{ received: string[]; stop(): void }> {
  const subscriber = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // The fixture stops redis-server when a test ends; a failing test may not have disconnected yet.
  subscriber.on('error', () => undefined);
  const received: string[] = [];
  subscriber.on('message', (_channel: string, payload: string) => received.push(payload));
  await subscriber.connect();
  await subscriber.subscribe(channel);
  return { received, stop: () => subscriber.disconnect() };
}

/** One reading as the incubator board prints it: a JSON line. */
function readingLine(index: number): string {
  return `${JSON.stringify({ device_id: 'inc-3', telemetry: { temperature: 24 + (index % 10) / 10, humidity: 81, co2: 600 + index, tvoc: 120 } })}\n`;
}

function feedOf(page: Page): Locator {
  return page.getByRole('listbox', { name: /^Messages of/ });
}

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

/** Creates a serial bridge on the pty's device end from the editor, starts it, and starts the fake device printing a reading every 100 ms. */
async function startBridgeOnPty(page: Page, devicePath: string, bench: BenchEnd): Promise<{ card: Locator; stopFeeding(): void }> {
  await page.getByRole('button', { name: 'Add a bridge' }).click();
  const editor = page.getByRole('form', { name: 'New bridge' });
  await editor.getByLabel('Name', { exact: true }).fill('Incubator board');
  await editor.getByLabel('Port path').fill(devicePath);
  await editor.getByLabel('Device ID').fill('inc-3');
  await editor.getByLabel('Command channel').fill('devices:{device_id}:commands');
  await editor.getByRole('button', { name: 'Create bridge' }).click();
  await expect(editor).toHaveCount(0);

  const card = page.getByRole('article', { name: 'Incubator board' });
  await card.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(card.getByTestId('bridge-state')).toHaveText('running', { timeout: READY_TIMEOUT_MS });
  let index = 0;
  const feeder = setInterval(() => void bench.write(readingLine(++index)), READING_INTERVAL_MS);
  return { card, stopFeeding: () => clearInterval(feeder) };
}

test('a serial bridge made here carries JSON lines from a pty into Redis, and a command published from the UI back to the device', async ({ page, labwire, redis }, testInfo) => {
  const pty = await startSocatPty();
  const bench = await openBenchEnd(pty.benchPath);
  const subscriber = await subscribe(redis.port, 'devices:telemetry');
  let stopFeeding = (): void => undefined;
  try {
    await openBridges(page, labwire.url, redis.port);
    const started = await startBridgeOnPty(page, pty.devicePath, bench);
    stopFeeding = started.stopFeeding;
    const card = started.card;

    await expect.poll(() => subscriber.received.length, { timeout: READY_TIMEOUT_MS }).toBeGreaterThan(2);
    const envelope = JSON.parse(subscriber.received[0] ?? '{}') as { channel?: string; source?: string; data?: { device_id?: string; telemetry?: { humidity?: number } } };
    expect({ channel: envelope.channel, source: envelope.source, device: envelope.data?.device_id, humidity: envelope.data?.telemetry?.humidity }).toEqual({
      channel: 'devices:telemetry',
      source: 'Incubator board',
      device: 'inc-3',
      humidity: 81,
    });
    await expect(card.getByTestId('bridge-last-record')).toContainText('"device_id":"inc-3"');
    await expect(card.getByTestId('bridge-counters')).not.toContainText(/^Records in\s*0 records/);
    await saveScreenshot(page, testInfo, 'bridge-running-card');

    await page.getByRole('tab', { name: 'Live channels' }).click();
    const publish = page.getByRole('form', { name: 'Publish a message' });
    await publish.getByRole('combobox', { name: 'Channel', exact: true }).fill('devices:inc-3:commands');
    await publish.getByRole('textbox', { name: 'Payload' }).fill(COMMAND);
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    // The bridge listens on Labwire's own connection: Redis counts it as the one subscriber.
    await expect(page.getByTestId('publish-outcome')).toContainText('Redis counted 1 subscriber');
    // Written once, in the bridge's framing (lines): exactly the payload and a line ending.
    await expect.poll(() => bench.received().toString('utf8'), { timeout: READY_TIMEOUT_MS }).toMatch(/^\{"command":"set_fan","speed":3\}\r?\n$/);
    await page.getByRole('tab', { name: 'Bridges' }).click();
    await expect(card.getByTestId('bridge-counters')).toContainText('1 command written');

    await card.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(card.getByTestId('bridge-state')).toHaveText('paused: the device stays open; records are read but not published');
    await card.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect(card.getByTestId('bridge-state')).toHaveText('running');
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove the bridge "Incubator board"?' });
    await confirm.getByRole('button', { name: 'Remove bridge' }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByText('This profile has no bridges yet.', { exact: false })).toBeVisible();
  } finally {
    stopFeeding();
    subscriber.stop();
    await bench.close();
    await pty.stop();
  }
});

test("a pty bridge's records show in the live feed, in the bridge's own lane and in a telemetry chart", async ({ page, labwire, redis }, testInfo) => {
  const pty = await startSocatPty();
  const bench = await openBenchEnd(pty.benchPath);
  let stopFeeding = (): void => undefined;
  try {
    await openBridges(page, labwire.url, redis.port);
    const started = await startBridgeOnPty(page, pty.devicePath, bench);
    stopFeeding = started.stopFeeding;
    await started.card.getByRole('button', { name: 'Show in live channels' }).click();
    await expect(started.card.getByText('A lane on this bridge is on the Live channels tab.')).toBeVisible();

    await page.getByRole('tab', { name: 'Live channels' }).click();
    // The bridge's own lane: the records as published, straight from the bridge.
    const bridgeLane = page.getByRole('region', { name: /^Lane / }).filter({ hasText: 'Device bridge' });
    await expect(bridgeLane.getByRole('status')).toHaveText('Receiving');
    await expect(bridgeLane).toContainText(/[1-9][\d,]* received/, { timeout: READY_TIMEOUT_MS });
    await expect(feedOf(page).getByRole('option').first()).toContainText('inc-3', { timeout: READY_TIMEOUT_MS });
    await saveScreenshot(page, testInfo, 'bridge-records-in-live-feed');

    await page.getByRole('tab', { name: 'Plots' }).click();
    const chart = page.getByTestId('telemetry-devices:telemetry#inc-3');
    await expect(chart).toBeVisible({ timeout: READY_TIMEOUT_MS });
    await expect(chart.getByRole('list', { name: 'Series' }).getByRole('listitem')).toHaveText([/temperature.*°C/, /humidity.*% RH/, /co2.*ppm/, /tvoc.*ppb/], {
      timeout: READY_TIMEOUT_MS,
    });
    await chart.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'bridge-telemetry-chart');
  } finally {
    stopFeeding();
    await bench.close();
    await pty.stop();
  }
});
