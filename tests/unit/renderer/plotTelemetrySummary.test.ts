import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawnPlotFrame, NO_STATS } from './support/drawnPlotFrame';
import type { PlotFrame } from '../../../src/shared/plots';
import { DrawnSummaryPublisher, isWaitingForSamples } from '../../../src/renderer/src/features/plots/drawnSummary';
import { summarizePicture, telemetrySayingOf, type TelemetrySummary } from '../../../src/renderer/src/features/plots/telemetrySummary';

const TELEMETRY_SERIES = ['data.telemetry.temperature', 'data.telemetry.co2'];

function picture(x: number[], ys: number[][], samples: number): PlotFrame {
  return drawnPlotFrame(TELEMETRY_SERIES, x, ys, samples);
}

/** What the chart's words say: the placeholder, then the legend ("–" or the value). */
function words(summary: TelemetrySummary): string {
  return `${isWaitingForSamples(summary) ? 'Waiting for messages…' : `${summary.stats.samples} samples`} | ${summary.lastValues.map((value) => (value === null ? '–' : String(value))).join(' ')}`;
}

test('the first points drawn, and a series getting its first value, reach the legend with the draw, not on the next tick', () => {
  const published: string[] = [];
  const publisher = new DrawnSummaryPublisher<TelemetrySummary>((summary) => published.push(words(summary)), telemetrySayingOf);
  const draw = (frame: PlotFrame): void => publisher.didDraw(summarizePicture(frame, frame.stats, null, 100));
  draw(picture([], [[], []], 0));
  draw(picture([90], [[21.5], [Number.NaN]], 1));
  draw(picture([90, 91], [[21.5, 21.75], [Number.NaN, 640]], 2));
  // Only the numbers moved: these wait for the clock.
  draw(picture([90, 91, 92], [[21.5, 21.75, 22], [Number.NaN, 640, 650]], 3));
  assert.deepStrictEqual(published, ['Waiting for messages… | – –', '1 samples | 21.5 –', '2 samples | 21.75 640']);
  publisher.tick(summarizePicture(picture([90, 91, 92], [[21.5, 21.75, 22], [Number.NaN, 640, 650]], 3), { ...NO_STATS, samples: 3 }, null, 100));
  assert.equal(published.at(-1), '3 samples | 22 650');
});

test('a summary is the drawn picture alone: newest values, sample times and age from the clear time on', () => {
  const frame = picture([10, 11, 12, 13], [[1, Number.NaN, 3, Number.NaN], [5, 6, Number.NaN, Number.NaN]], 4);
  const summary = summarizePicture(frame, frame.stats, 11, 20);
  assert.deepStrictEqual(
    { lastValues: summary.lastValues, oldest: summary.oldestSampleSeconds, newest: summary.newestSampleSeconds, age: summary.lastSampleAgeSeconds, isWaiting: isWaitingForSamples(summary) },
    { lastValues: [3, 6], oldest: 11, newest: 12, age: 8, isWaiting: false },
  );
  // Points on screen are never "waiting", whatever the counters say.
  assert.equal(isWaitingForSamples(summarizePicture(frame, NO_STATS, null, 20)), false);
  assert.equal(isWaitingForSamples(null), true);
});
