import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../../../src/renderer/src/format/formatBytes';
import { formatClockTime } from '../../../src/renderer/src/format/formatClockTime';
import { formatUptime } from '../../../src/renderer/src/format/formatUptime';

test('server facts read in human units', () => {
  assert.deepStrictEqual(
    {
      bytes: [0, 1023, 1536, 991_232, 5 * 1024 ** 3, -1].map(formatBytes),
      uptime: [0, 59, 61, 3_600 + 12 * 60, 86_400 * 4 + 3_600 * 3 + 59].map(formatUptime),
      clock: formatClockTime(new Date(2025, 0, 31, 9, 5, 7).getTime()),
    },
    {
      bytes: ['0 B', '1023 B', '1.5 KiB', '968 KiB', '5.0 GiB', 'unknown'],
      uptime: ['0 s', '59 s', '1 min', '1 h 12 min', '4 d 3 h'],
      clock: '09:05:07',
    },
  );
});
