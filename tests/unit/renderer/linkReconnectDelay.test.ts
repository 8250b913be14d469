import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconnectDelayMs } from '../../../src/renderer/src/transport/reconnectDelay';

test('the link backoff doubles from 500 ms to an 8 s cap, with at most 20 % jitter', () => {
  const middle = (): number => 0.5;
  assert.deepStrictEqual(
    {
      steps: [1, 2, 3, 4, 5, 6, 40].map((attempt) => reconnectDelayMs(attempt, middle)),
      extremes: [reconnectDelayMs(1, () => 0), reconnectDelayMs(1, () => 0.999_999)],
    },
    { steps: [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000], extremes: [400, 600] },
  );
});
