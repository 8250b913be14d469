import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientErrorTally, MAX_CLIENT_ERROR_MESSAGE_CHARS, MAX_DISTINCT_CLIENT_ERRORS } from '../../src/bus/connections/clientErrorTally';

test('identical messages become one line with a count and the first and last time, most recent first', () => {
  const tally = new ClientErrorTally();
  for (let index = 0; index < 312; index++) tally.note('Too many Cluster redirections', 1_000 + index);
  tally.note('Connection is closed.', 5_000);
  assert.deepStrictEqual([tally.list(), tally.dropped], [
    [
      { message: 'Connection is closed.', count: 1, firstAt: 5_000, lastAt: 5_000 },
      { message: 'Too many Cluster redirections', count: 312, firstAt: 1_000, lastAt: 1_311 },
    ],
    0,
  ]);
});

test('at most 20 distinct messages: the least recently seen is dropped and counted; long messages are cut', () => {
  const tally = new ClientErrorTally();
  tally.note('kept, seen again later', 0);
  for (let index = 0; index < MAX_DISTINCT_CLIENT_ERRORS + 4; index++) {
    tally.note(`error ${index}`, 10 + index);
    if (index === 10) tally.note('kept, seen again later', 20);
  }
  tally.note('x'.repeat(MAX_CLIENT_ERROR_MESSAGE_CHARS + 50), 100);
  const messages = tally.list().map((entry) => entry.message);
  assert.deepStrictEqual(
    { size: messages.length, dropped: tally.dropped, keepsRecentlySeen: messages.includes('kept, seen again later'), oldestGone: messages.includes('error 0'), cut: messages[0]?.length },
    { size: MAX_DISTINCT_CLIENT_ERRORS, dropped: 6, keepsRecentlySeen: true, oldestGone: false, cut: MAX_CLIENT_ERROR_MESSAGE_CHARS + 1 },
  );
});
