import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlotStreamStats } from '../../../src/shared/plots';
import { MeasuredRateWatch } from '../../../src/renderer/src/features/plots/measuredRateWatch';

function statsOf(samples: number, actualRateHz: number): PlotStreamStats {
  return { nominalRateHz: null, actualRateHz, samples, gaps: 0, late: 0, overwritten: 0 };
}

/** What the bus's meter reads for a 1 Hz device listened to since 0 s: the samples of the last ten seconds over ten. */
function oneHertzAt(seconds: number): PlotStreamStats {
  const samples = Math.floor(seconds);
  return statsOf(samples, Math.min(samples, 10) / 10);
}

test('a new chart of a 1 Hz device says nothing of its rate until the bus has counted over ten whole seconds', () => {
  const watch = new MeasuredRateWatch();
  const shown = [0.5, 1, 5, 10, 10.5, 11, 30].map((seconds) => [seconds, watch.shownRateHz('chart a', oneHertzAt(seconds), seconds * 1000)]);
  // 5 s in, the bus reads 0.5 Hz: not shown.
  assert.deepStrictEqual(shown, [
    [0.5, null],
    [1, null],
    [5, null],
    [10, null],
    [10.5, null],
    [11, 1],
    [30, 1],
  ]);
});

test('a fast stream is known after one second; another stream (other key, or the count starting again) is measured anew', () => {
  const watch = new MeasuredRateWatch();
  assert.deepStrictEqual(
    [
      watch.shownRateHz('chart a', statsOf(100, 200), 0),
      watch.shownRateHz('chart a', statsOf(300, 250), 1_000),
      watch.shownRateHz('chart a', statsOf(400, 250), 1_200),
      // The time source changed: the bus made another stream.
      watch.shownRateHz('chart b', statsOf(5_000, 250), 1_500),
      watch.shownRateHz('chart b', statsOf(5_300, 250), 2_700),
      // Same key, but the count fell: the bus let the stream go and made it again.
      watch.shownRateHz('chart b', statsOf(20, 200), 3_000),
      watch.shownRateHz('chart b', statsOf(300, 250), 4_200),
    ],
    [null, null, 250, null, 250, null, 250],
  );
});
