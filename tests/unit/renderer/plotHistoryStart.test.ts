import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyStartNote } from '../../../src/renderer/src/features/plots/historyStartWords';
import { formatClockTime } from '../../../src/renderer/src/format/formatClockTime';

test('a live chart whose window is not yet filled says from when it has samples and why; a filled one says nothing', () => {
  const newest = 1_800_000_000;
  assert.deepStrictEqual(
    {
      openedTwentySecondsAgo: historyStartNote(newest - 20, newest, 60),
      filled: historyStartNote(newest - 59, newest, 60),
      nearlyFilled: historyStartNote(newest - 58.5, newest, 60),
      nothingShown: historyStartNote(null, null, 60),
    },
    {
      openedTwentySecondsAgo: `Nothing before ${formatClockTime((newest - 20) * 1000)}: Labwire keeps a channel's samples only while a chart shows it.`,
      filled: null,
      nearlyFilled: null,
      nothingShown: null,
    },
  );
});
