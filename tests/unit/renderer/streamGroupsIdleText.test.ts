import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDuration } from '../../../src/renderer/src/features/streams/groups/idleText';

describe('idle times in words', () => {
  test('the two largest units, never a raw millisecond count past a second', () => {
    assert.deepStrictEqual(
      [0, 850, 42_000, 303_000, 3_600_000, 11_520_000, 11_549_000, 187_200_000, -1, Number.NaN].map(formatDuration),
      ['0 ms', '850 ms', '42 s', '5 min 3 s', '1 h', '3 h 12 min', '3 h 12 min', '2 d 4 h', 'unknown', 'unknown'],
    );
  });

  test('typed durations with units parse to milliseconds; anything else is null', () => {
    assert.deepStrictEqual(['1500', '30 s', '5min', '2 h', '1 d', '', 'soon', '-5 s', '1.5 h'].map(parseDuration), [
      1500, 30_000, 300_000, 7_200_000, 86_400_000, null, null, null, null,
    ]);
  });
});
