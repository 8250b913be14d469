import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatClockMilliseconds, formatClockMinutes, formatClockTime, formatDateAndTime, formatLocalDate } from '../../../src/renderer/src/format/formatClockTime';

test('every clock reads local, 24-hour, zero-padded, at the precision asked', () => {
  const afternoon = new Date(2026, 11, 3, 14, 41, 5, 7).getTime();
  const morning = new Date(2024, 3, 5, 9, 2, 0, 250).getTime();
  assert.deepStrictEqual(
    [afternoon, morning].map((epochMs) => [formatClockMinutes(epochMs), formatClockTime(epochMs), formatClockMilliseconds(epochMs), formatLocalDate(epochMs), formatDateAndTime(epochMs)]),
    [
      ['14:41', '14:41:05', '14:41:05.007', '2026-12-03', '2026-12-03 14:41:05.007'],
      ['09:02', '09:02:00', '09:02:00.250', '2024-04-05', '2024-04-05 09:02:00.250'],
    ],
  );
});
