import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampRange, MIN_SPAN_MS, panRange, zoomRange } from '../../../src/renderer/src/features/plots/eegViewMode';
import { formatTimeTicks } from '../../../src/renderer/src/features/plots/timeTicks';

const BOUNDS = { newestMs: 100_000, historySeconds: 60 };

test('a frozen view moves through the history but never past its ends', () => {
  assert.deepStrictEqual(
    {
      earlier: panRange(90_000, 100_000, -1, BOUNDS),
      laterAtNewest: panRange(90_000, 100_000, 1, BOUNDS),
      earliestStop: panRange(40_000, 50_000, -1, BOUNDS),
      zoomIn: zoomRange(80_000, 90_000, 0.5, BOUNDS),
      zoomOutPastNewest: zoomRange(90_000, 100_000, 2, BOUNDS),
      zoomOutBeyondHistory: zoomRange(50_000, 90_000, 4, BOUNDS),
      narrowest: zoomRange(95_000, 95_100, 0.5, BOUNDS),
    },
    {
      earlier: { fromMs: 85_000, toMs: 95_000 },
      laterAtNewest: { fromMs: 90_000, toMs: 100_000 },
      earliestStop: { fromMs: 40_000, toMs: 50_000 },
      zoomIn: { fromMs: 82_500, toMs: 87_500 },
      zoomOutPastNewest: { fromMs: 80_000, toMs: 100_000 },
      zoomOutBeyondHistory: { fromMs: 40_000, toMs: 100_000 },
      narrowest: { fromMs: 95_050 - MIN_SPAN_MS / 2, toMs: 95_050 + MIN_SPAN_MS / 2 },
    },
  );
  assert.deepStrictEqual(clampRange(0, 10_000, BOUNDS), { fromMs: 40_000, toMs: 50_000 });
});

test('time ticks read as local wall-clock time, as precise as their spacing', () => {
  const at = new Date(2024, 0, 2, 9, 5, 7, 250).getTime() / 1000;
  assert.deepStrictEqual(
    [formatTimeTicks([at], 300), formatTimeTicks([at], 5), formatTimeTicks([at], 0.5), formatTimeTicks([at], 0.05)],
    [['09:05'], ['09:05:07'], ['09:05:07.3'], ['09:05:07.25']],
  );
});
