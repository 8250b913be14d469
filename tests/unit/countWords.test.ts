import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countWords, formatCount } from '../../src/shared/countWords';

test('a count and its noun agree: one is singular, every other count plural, thousands grouped', () => {
  assert.deepStrictEqual(
    [
      countWords(0, 'alert'),
      countWords(1, 'alert'),
      countWords(2, 'alert'),
      countWords(1_204, 'record'),
      countWords(1, 'entry', 'entries'),
      countWords(3, 'entry', 'entries'),
      countWords(1, 'message was', 'messages were'),
      countWords(12_000_000, 'message was', 'messages were'),
    ],
    ['0 alerts', '1 alert', '2 alerts', '1,204 records', '1 entry', '3 entries', '1 message was', '12,000,000 messages were'],
  );
});

test('a count alone is grouped by thousands, as in countWords: the one count format of every screen', () => {
  assert.deepStrictEqual([formatCount(0), formatCount(999), formatCount(1_204), formatCount(115_200), formatCount(12_000_000)], ['0', '999', '1,204', '115,200', '12,000,000']);
});
