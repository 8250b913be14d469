import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { connectionStateBadge, createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const READY_TIMEOUT_MS = 20_000;
const EEG_CHANNEL = 'user:demo1:raw';
const MOTION_WAIT_MS = 500;
/** Enough readings of a lane's RMS that one eye blink in the window cannot decide the median. */
const RMS_READINGS = 9;
const RMS_READING_INTERVAL_MS = 300;
/** The notch removes a 40 µV mains hum from Ch0 (tens of µV RMS); the rest of the trace is far smaller. */
const NOTCH_RMS_RATIO_LIMIT = 0.75;

async function startDemoAndOpenPlots(page: Page, url: string, redisPort: number): Promise<void> {
  await startDemo(page, url, redisPort);
  await page.getByRole('tab', { name: 'Plots' }).click();
}

async function startDemo(page: Page, url: string, redisPort: number): Promise<void> {
  await page.goto(url);
  await createProfile(page, { name: 'Plots Redis', host: '127.0.0.1', port: redisPort });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connectionStateBadge(page)).toHaveAttribute('data-state', 'ready', { timeout: READY_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Start demo traffic' }).click();
  await expect(page.getByTestId('simulator-status')).toContainText(/Publishing since/, { timeout: READY_TIMEOUT_MS });
}

function eegView(page: Page): Locator {
  return page.getByTestId(`eeg-view-${EEG_CHANNEL}`);
}

async function samplesReceived(view: Locator): Promise<number> {
  return Number((await view.getByTestId('eeg-samples').textContent())?.replace(/,/g, '') ?? 'NaN');
}

/** µV, read from the lane list (the RMS of Ch0 over the shown window, as drawn). */
async function laneRms(view: Locator, lane: string): Promise<number> {
  const text = (await view.getByTestId(`lane-rms-${lane}`).textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

async function medianLaneRms(page: Page, view: Locator, lane: string): Promise<number> {
  const readings: number[] = [];
  for (let reading = 0; reading < RMS_READINGS; reading++) {
    readings.push(await laneRms(view, lane));
    await page.waitForTimeout(RMS_READING_INTERVAL_MS);
  }
  readings.sort((a, b) => a - b);
  return readings[Math.floor(readings.length / 2)]!;
}

/** How long each visit of the Plots tab is watched: past the first draws and several of the old 250 ms summary ticks. */
const PLACEHOLDER_WATCH_MS = 1_500;

/**
 * Runs in the page: every animation frame for PLACEHOLDER_WATCH_MS, whether the EEG canvas holds trace pixels
 * (EegChart's TRACE_PIXEL, #1d2733: nothing else on the canvas has that colour) and whether the view says
 * "Waiting for samples". A string, because the tests are compiled without the DOM library.
 */
const WATCH_EEG_PLACEHOLDER = `new Promise((resolve) => {
  const seen = { frames: 0, framesWithTraces: 0, framesWaitingBesideTraces: 0 };
  const started = performance.now();
  const look = () => {
    const view = document.querySelector('[data-testid="eeg-view-${EEG_CHANNEL}"]');
    const canvas = view?.querySelector('[data-testid="eeg-canvas"] canvas');
    let hasTraces = false;
    if (canvas && canvas.width > 0) {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let index = 0; index < pixels.length && !hasTraces; index += 4) hasTraces = pixels[index] === 0x1d && pixels[index + 1] === 0x27 && pixels[index + 2] === 0x33;
    }
    seen.frames++;
    if (hasTraces) seen.framesWithTraces++;
    if (hasTraces && /Waiting for samples/.test(view?.textContent ?? '')) seen.framesWaitingBesideTraces++;
    if (performance.now() - started < ${PLACEHOLDER_WATCH_MS}) requestAnimationFrame(look);
    else resolve(seen);
  };
  requestAnimationFrame(look);
})`;

interface SeenPlaceholder {
  frames: number;
  framesWithTraces: number;
  framesWaitingBesideTraces: number;
}

test('the EEG montage moves, its notch removes mains hum from Ch0, and freezing stops it while samples keep arriving', async ({ page, labwire, redis }, testInfo) => {
  await startDemoAndOpenPlots(page, labwire.url, redis.port);
  const view = eegView(page);
  await expect(view).toBeVisible({ timeout: READY_TIMEOUT_MS });
  await expect(view.getByTestId('eeg-time-source')).toHaveText('Time from message timestamps');
  await expect.poll(() => samplesReceived(view), { timeout: READY_TIMEOUT_MS }).toBeGreaterThan(500);
  const canvas = view.getByTestId('eeg-canvas').locator('canvas');
  await expect(view.getByTestId('lane-rms-Ch7')).toHaveText(/µV/, { timeout: READY_TIMEOUT_MS });
  await saveScreenshot(page, testInfo, 'eeg-live');

  const before = await canvas.screenshot();
  await page.waitForTimeout(MOTION_WAIT_MS);
  const after = await canvas.screenshot();
  expect(before.equals(after), 'two pictures of the live montage 500 ms apart should differ').toBe(false);

  // A one-second window: an eye blink then sways only a few of the readings, never their median.
  await view.getByLabel('Window').selectOption('1 s');
  await page.waitForTimeout(1500);
  const withoutNotch = await medianLaneRms(page, view, 'Ch0');
  await view.getByLabel('Notch').selectOption('50 Hz');
  await page.waitForTimeout(1500);
  const withNotch = await medianLaneRms(page, view, 'Ch0');
  await saveScreenshot(page, testInfo, 'eeg-notch-50hz');
  expect(withNotch / withoutNotch, `Ch0 RMS ${withoutNotch} µV without the notch, ${withNotch} µV with it`).toBeLessThan(NOTCH_RMS_RATIO_LIMIT);

  await view.getByLabel('Window').selectOption('10 s');
  await page.waitForTimeout(1000);
  await view.getByRole('button', { name: 'Freeze' }).click();
  await expect(view.getByRole('button', { name: 'Back to live' })).toBeVisible();
  await page.waitForTimeout(300);
  const frozenSamples = await samplesReceived(view);
  const frozenBefore = await canvas.screenshot();
  await page.waitForTimeout(MOTION_WAIT_MS);
  const frozenAfter = await canvas.screenshot();
  expect(frozenBefore.equals(frozenAfter), 'a frozen montage should not move').toBe(true);
  await expect.poll(() => samplesReceived(view)).toBeGreaterThan(frozenSamples);
  await saveScreenshot(page, testInfo, 'eeg-frozen');

  await view.getByRole('button', { name: 'Zoom in' }).click();
  await expect(view.getByText(/\(5\.0 s\)/)).toBeVisible();
  await view.getByRole('button', { name: 'Back to live' }).click();
  await expect(view.getByRole('button', { name: 'Freeze' })).toBeVisible();

  await view.getByText(/^Lanes \(8\)$/).click();
  await view.getByLabel('Show Ch1').uncheck();
  await expect(view.getByText('Lanes (8, 1 hidden)')).toBeVisible();
  await view.getByRole('region', { name: 'Spectrum and band power' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'eeg-spectrum-and-lanes');
});

test('the EEG view never says "Waiting for samples" beside traces it drew: first visit and back from another tab, watched every animation frame', async ({ page, labwire, redis }, testInfo) => {
  await startDemo(page, labwire.url, redis.port);
  for (const visit of ['first visit', 'back from the Connection tab']) {
    const watching = page.evaluate(WATCH_EEG_PLACEHOLDER) as Promise<SeenPlaceholder>;
    await page.getByRole('tab', { name: 'Plots' }).click();
    const seen = await watching;
    if (visit === 'first visit') await saveScreenshot(page, testInfo, 'eeg-first-visit');
    // The code before the fix: a few frames of traces under "Waiting for samples on user:demo1:raw…" on each visit.
    expect({ visit, sawTraces: seen.framesWithTraces > 0, framesWaitingBesideTraces: seen.framesWaitingBesideTraces }).toEqual({ visit, sawTraces: true, framesWaitingBesideTraces: 0 });
    await page.getByRole('tab', { name: 'Connection' }).click();
  }
});

test('each demo device gets a telemetry chart with its fields, units and a PNG export', async ({ page, labwire, redis }, testInfo) => {
  await startDemoAndOpenPlots(page, labwire.url, redis.port);
  const chart = page.getByTestId('telemetry-devices:telemetry#mushroom1');
  await expect(chart).toBeVisible({ timeout: READY_TIMEOUT_MS });
  const legend = chart.getByRole('list', { name: 'Series' });
  await expect(legend.getByRole('listitem')).toHaveText([/temperature.*°C/, /humidity.*% RH/, /co2.*ppm/, /tvoc.*ppb/], { timeout: READY_TIMEOUT_MS });
  await expect(page.getByTestId('telemetry-devices:telemetry#incubator-3')).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'telemetry-charts');

  const downloadStarted = page.waitForEvent('download');
  await chart.getByRole('button', { name: 'Export PNG' }).click();
  const download = await downloadStarted;
  const path = testInfo.outputPath('mushroom1.png');
  await download.saveAs(path);
  const bytes = await readFile(path);
  expect({ name: /^mushroom1-device-.*\.png$/.test(download.suggestedFilename()), signature: bytes.subarray(1, 4).toString('latin1') }).toEqual({
    name: true,
    signature: 'PNG',
  });
});

test('Add chart offers the numeric fields seen on a channel', async ({ page, labwire, redis }, testInfo) => {
  await startDemoAndOpenPlots(page, labwire.url, redis.port);
  await page.getByRole('button', { name: 'Add chart' }).click();
  const form = page.getByRole('form', { name: 'Add chart' });
  await form.getByLabel('Channel', { exact: true }).fill('experiments:data');
  await form.getByRole('button', { name: 'data.data.ph' }).click({ timeout: READY_TIMEOUT_MS });
  await form.getByLabel('Title (optional)').fill('Acidity');
  await saveScreenshot(page, testInfo, 'add-chart-form');
  await form.getByRole('button', { name: 'Add chart' }).click();
  const chart = page.getByRole('region', { name: 'Acidity' });
  await expect(chart.getByRole('list', { name: 'Series' }).getByRole('listitem')).toHaveText([/ph\s+\d.*pH/], { timeout: READY_TIMEOUT_MS });
});
