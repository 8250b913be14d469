import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONNECTION_TIMING, resolveTiming, retryDelayMs } from '../../src/bus/connections/connectionTiming';

const TIMING = { retryBaseMs: 250, retryMaxMs: 10_000 };

test('delays double from the base and stop at the cap, jitter at its lowest', () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((attempt) => retryDelayMs(attempt, TIMING, () => 0));
  assert.deepStrictEqual(delays, [125, 250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test('jitter at its highest reaches the full step, never beyond the cap', () => {
  const delays = [1, 2, 6, 7, 1000].map((attempt) => retryDelayMs(attempt, TIMING, () => 1));
  assert.deepStrictEqual(delays, [250, 500, 8000, 10_000, 10_000]);
});

test('an attempt below 1 is treated as the first', () => {
  assert.deepStrictEqual([retryDelayMs(0, TIMING, () => 0.5), retryDelayMs(-3, TIMING, () => 0.5)], [188, 188]);
});

test('the default heartbeat notices a hung server within 5 s', () => {
  const { heartbeatIntervalMs, heartbeatTimeoutMs } = DEFAULT_CONNECTION_TIMING;
  assert.deepStrictEqual([heartbeatIntervalMs + heartbeatTimeoutMs < 5_000, resolveTiming({ retryBaseMs: 10 }).retryBaseMs], [true, 10]);
});
