/**
 * The Plots tab keeps what the operator opened and offers what flows
 * (issue #10 items 2, 3, 6, 7): leaving the tab and reloading the page keep
 * the views and their settings; EEG streams nobody else consumes are offered
 * from the traffic; a device that reported once shows its point; a channel
 * of NaN says so. Traffic comes from a real ioredis publisher in the test.
 */
import { pack } from 'msgpackr';
import { Redis } from 'ioredis';
import type { Locator, Page } from '@playwright/test';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const DEMO_EEG_CHANNEL = 'user:demo1:raw';
const EEG_RATE_HZ = 100;
const EEG_TICK_MS = 50;

async function connectAndOpenPlots(page: Page, url: string, redisPort: number, shouldStartDemo: boolean): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Plots Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  if (shouldStartDemo) {
    await page.getByRole('button', { name: 'Start demo traffic' }).click();
    await expect(page.getByTestId('simulator-status')).toContainText(/Publishing since/, { timeout: READY_TIMEOUT_MS });
  }
  await page.getByRole('tab', { name: 'Plots' }).click();
}

function publisherOn(port: number): Redis {
  return new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null });
}

/** Publishes EEG frames (MessagePack, LAB_TRAFFIC's shape) on each channel at EEG_RATE_HZ until stopped. */
function streamEeg(publisher: Redis, channels: readonly string[], valueOf: (channel: number, sample: number) => number): () => void {
  let sample = 0;
  const startedAtSeconds = Date.now() / 1000;
  const perTick = (EEG_RATE_HZ * EEG_TICK_MS) / 1000;
  const timer = setInterval(() => {
    for (let step = 0; step < perTick; step++, sample++) {
      const values: Record<string, number> = {};
      for (let channel = 0; channel < 4; channel++) values[`Ch${channel}`] = valueOf(channel, sample);
      // Each sample its own time on the sample clock, as an amplifier stamps them.
      const payload = pack({ type: 'raw', timestamp: startedAtSeconds + sample / EEG_RATE_HZ, channels: values });
      for (const name of channels) void publisher.publish(name, payload);
    }
  }, EEG_TICK_MS);
  return () => clearInterval(timer);
}

/** The label of the option a select shows (PlotSelect's values are option indexes). */
function chosenOption(select: Locator): Locator {
  return select.locator('option:checked');
}

async function samplesOf(view: Locator): Promise<number> {
  return Number((await view.getByTestId('eeg-samples').textContent())?.replace(/,/g, '') ?? 'NaN');
}

test('leaving the Plots tab and coming back keeps the EEG view, its settings and its history', async ({ page, labwire, redis }, testInfo) => {
  await connectAndOpenPlots(page, labwire.url, redis.port, true);
  const view = page.getByTestId(`eeg-view-${DEMO_EEG_CHANNEL}`);
  await expect(view).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await view.getByLabel('Window').selectOption('5 s');
  await view.getByLabel('Notch').selectOption('50 Hz');
  await expect.poll(() => samplesOf(view), { timeout: READY_TIMEOUT_MS }).toBeGreaterThan(300);
  await expect(view.getByTestId('lane-rms-Ch7')).toHaveText(/µV/, { timeout: READY_TIMEOUT_MS });
  await saveScreenshot(page, testInfo, 'eeg-montage-demo');
  const spectrumChannel = view.getByRole('region', { name: 'Spectrum and band power' }).getByLabel('Channel');
  await spectrumChannel.selectOption('Ch3');
  const samplesBefore = await samplesOf(view);

  await page.getByRole('tab', { name: 'Live channels' }).click();
  await expect(view).toBeHidden();
  await page.waitForTimeout(1500);
  await page.getByRole('tab', { name: 'Plots' }).click();

  await expect(chosenOption(view.getByLabel('Window'))).toHaveText('5 s');
  await expect(chosenOption(view.getByLabel('Notch'))).toHaveText('50 Hz');
  await expect(chosenOption(spectrumChannel)).toHaveText('Ch3');
  // The count comes from the bus's stream, which kept running while the tab was away.
  await expect.poll(() => samplesOf(view), { timeout: READY_TIMEOUT_MS }).toBeGreaterThan(samplesBefore + 100);
  // The history came back with the keyframe: the lanes are drawn at once, not after a fresh start.
  await expect(view.getByTestId('lane-rms-Ch7')).toHaveText(/µV/);
  await saveScreenshot(page, testInfo, 'eeg-after-tab-switch');
});

test('after a page reload the opened views come back with their settings', async ({ page, labwire, redis }, testInfo) => {
  await connectAndOpenPlots(page, labwire.url, redis.port, true);
  const view = page.getByTestId(`eeg-view-${DEMO_EEG_CHANNEL}`);
  await expect(view).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await view.getByLabel('Window').selectOption('2 s');
  const opened = 'user:later:raw';
  // A channel, as the Live channels tab calls it: 'Open stream' sent people to the Streams tab's Redis streams.
  const channelBox = page.getByRole('textbox', { name: 'Open EEG channel' });
  const boxBefore = await channelBox.boundingBox();
  await channelBox.fill('lab:tasks');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(channelBox).toHaveAccessibleDescription(/EEG channels are pub\/sub channels named user:\{id\}:raw, for example user:jamie:raw\.$/);
  // The problem shows under the form, which stays where it was (it used to drop under the title when the problem appeared).
  const boxAfter = await channelBox.boundingBox();
  expect({ x: Math.round(boxAfter!.x), y: Math.round(boxAfter!.y) }).toEqual({ x: Math.round(boxBefore!.x), y: Math.round(boxBefore!.y) });
  await page.getByRole('textbox', { name: 'Open EEG channel' }).fill(opened);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId(`eeg-view-${opened}`)).toBeVisible();
  const chart = page.getByTestId('telemetry-devices:telemetry#mushroom1');
  await expect(chart).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await chart.getByLabel('Window').selectOption('5 min');

  await page.reload();
  await page.getByRole('tab', { name: 'Plots' }).click();
  await expect(chosenOption(view.getByLabel('Window'))).toHaveText('2 s', { timeout: READY_TIMEOUT_MS });
  await expect(page.getByTestId(`eeg-view-${opened}`)).toBeVisible();
  await expect(chosenOption(chart.getByLabel('Window'))).toHaveText('5 min', { timeout: READY_TIMEOUT_MS });
  await expect.poll(() => samplesOf(view), { timeout: READY_TIMEOUT_MS }).toBeGreaterThan(0);
  await saveScreenshot(page, testInfo, 'plots-after-reload');
});

test('EEG streams nobody else listens to are offered from the traffic, and a NaN channel says so', async ({ page, labwire, redis }, testInfo) => {
  const publisher = publisherOn(redis.port);
  const channels = ['user:ana:raw', 'user:ben:raw', 'user:cy:raw'];
  // Ch2 of every stream sends only NaN, Ch3 only Infinity: a lead that is off, a broken amplifier.
  const stop = streamEeg(publisher, channels, (channel, sample) =>
    channel === 2 ? Number.NaN : channel === 3 ? Number.POSITIVE_INFINITY : 20 * Math.sin((2 * Math.PI * 10 * sample) / EEG_RATE_HZ + channel),
  );
  try {
    await connectAndOpenPlots(page, labwire.url, redis.port, false);
    const first = page.getByTestId(`eeg-view-${channels[0]}`);
    await expect(first).toBeVisible({ timeout: READY_TIMEOUT_MS });
    for (const channel of channels.slice(1)) await expect(page.getByRole('button', { name: `Show ${channel}` })).toBeVisible();
    await expect(page.getByText('No EEG streams found yet')).toHaveCount(0);

    await expect(first.getByTestId('eeg-no-finite')).toHaveText(/^Ch2, Ch3: no finite values/, { timeout: READY_TIMEOUT_MS });
    await first.getByText(/^Lanes \(4\)$/).click();
    await expect(first.getByTestId('lane-rms-Ch2')).toHaveText('no finite values');
    await expect(first.getByTestId('lane-rms-Ch0')).toHaveText(/µV/);
    const spectrum = first.getByRole('region', { name: 'Spectrum and band power' });
    await spectrum.getByLabel('Channel').selectOption('Ch2');
    await expect(spectrum.getByTestId('band-power-unavailable')).toBeVisible({ timeout: READY_TIMEOUT_MS });
    await expect(spectrum.getByTestId('band-power')).not.toContainText('0 µV²');
    await spectrum.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'eeg-band-power-unavailable');
    await spectrum.getByLabel('Channel').selectOption('Ch0');
    await expect(spectrum.getByTestId('band-power')).toContainText(/\d+ % · [\d.,]+ µV²/, { timeout: READY_TIMEOUT_MS });
    await first.getByTestId('eeg-canvas').scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'eeg-offered-from-traffic-with-nan-lanes');
  } finally {
    stop();
    publisher.disconnect();
  }
});

test('a device that reported once shows its sample as a point, with its value and age', async ({ page, labwire, redis }, testInfo) => {
  const publisher = publisherOn(redis.port);
  try {
    await connectAndOpenPlots(page, labwire.url, redis.port, false);
    await expect(page.getByText(/Listening for device telemetry/)).toBeVisible();
    // The tab starts listening on experiments:data when it opens; give its first ask time to reach the server.
    await page.waitForTimeout(2000);
    const report = { channel: 'experiments:data', source: 'sensor-7', timestamp: Date.now() / 1000, data: { experiment_id: 'exp-rare', data: { growth_rate: 0.42, biomass: 12.5, ph: 6.8 } } };
    await publisher.publish('experiments:data', JSON.stringify(report));

    const chart = page.getByTestId('telemetry-experiments:data#exp-rare');
    await expect(chart).toBeVisible({ timeout: READY_TIMEOUT_MS });
    await expect(chart.getByTestId('telemetry-samples')).toHaveText('1', { timeout: READY_TIMEOUT_MS });
    await expect(chart.getByText(/Waiting for messages/)).toHaveCount(0);
    await expect(chart.getByRole('list', { name: 'Series' }).getByRole('listitem')).toHaveText([/growth_rate\s+0\.42/, /biomass\s+12\.5/, /ph\s+6\.8 pH/]);
    await expect(chart.getByTestId('telemetry-last-sample')).toHaveText(/^Last sample (just now|\d+ s ago)$/);
    await chart.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'telemetry-rare-device');
  } finally {
    publisher.disconnect();
  }
});
