import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromLocalInputValue, timeSearchStatus, timeWindowWords, toLocalInputValue } from '../../../src/renderer/src/features/streams/searchWindowWords';

const AT_14 = new Date(2024, 3, 25, 14, 0, 0).getTime();
const AT_1405 = new Date(2024, 3, 25, 14, 5, 0).getTime();

describe('a time-window search in words', () => {
  test('the window reads as times on one date, or two dates across midnight', () => {
    assert.deepStrictEqual(
      [timeWindowWords(AT_14, AT_1405), timeWindowWords(new Date(2024, 3, 25, 23, 59, 30).getTime(), new Date(2024, 3, 26, 0, 0, 30).getTime())],
      ['Entries from 14:00:00 to 14:05:00 on 2024-04-25', 'Entries from 2024-04-25 23:59:30 to 2024-04-26 00:00:30'],
    );
  });

  test('the status says what was found, and what was read when a query narrows it', () => {
    const progress = { searchId: 's', scanned: 5_000, matched: 1_204, newestId: '1-0', oldestId: '0-1' };
    const done = { ...progress, matches: [], outcome: 'done' as const };
    assert.deepStrictEqual(
      [
        timeSearchStatus(AT_14, AT_1405, '', progress, done, 10_000),
        timeSearchStatus(AT_14, AT_1405, ' status == failed', progress, { ...done, outcome: 'stopped' }, 10_000),
        timeSearchStatus(AT_14, AT_1405, '', progress, null, 10_000),
      ],
      [
        'Done. Entries from 14:00:00 to 14:05:00 on 2024-04-25, 1,204 found (the newest 0 shown).',
        'Stopped. Entries from 14:00:00 to 14:05:00 on 2024-04-25, 1,204 of 5,000 match the search (the newest 0 shown).',
        'Searching… Entries from 14:00:00 to 14:05:00 on 2024-04-25, 1,204 found so far.',
      ],
    );
  });

  test('a datetime-local value goes both ways, seconds optional; nonsense is null', () => {
    assert.deepStrictEqual(
      [fromLocalInputValue(toLocalInputValue(AT_1405)), fromLocalInputValue('2024-04-25T14:05'), fromLocalInputValue('14:05'), fromLocalInputValue('')],
      [AT_1405, AT_1405, null, null],
    );
  });
});
