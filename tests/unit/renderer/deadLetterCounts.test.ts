import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newerCountText, newestCount } from '../../../src/renderer/src/features/streams/deadLetters/deadLetterCounts';
import { formatClockTime } from '../../../src/renderer/src/format/formatClockTime';

const pageRead = { entries: 11, readAt: 1_000_000 };

test("a dead-letter page's count is said beside the stream list's newer one, and only when they differ", () => {
  const later = pageRead.readAt + 10_000;
  assert.deepStrictEqual(
    {
      notListed: newerCountText(pageRead, null),
      listedEarlier: newerCountText(pageRead, { entries: 9, readAt: pageRead.readAt - 1 }),
      listedSame: newerCountText(pageRead, { entries: 11, readAt: later }),
      listedMore: newerCountText(pageRead, { entries: 1_400, readAt: later }),
      listedFewer: newerCountText(pageRead, { entries: 3, readAt: later }),
      allMeans: [newestCount(pageRead, { entries: 14, readAt: later }).entries, newestCount(pageRead, { entries: 9, readAt: 1 }).entries],
    },
    {
      notListed: null,
      listedEarlier: null,
      listedSame: null,
      listedMore: `The stream held 1,400 at ${formatClockTime(later)} (the count in the header and the stream list, read every few seconds): Read again to list newer dead letters.`,
      listedFewer: `The stream held 3 at ${formatClockTime(later)} (the count in the header and the stream list, read every few seconds): Read again to list what is left.`,
      allMeans: [14, 11],
    },
  );
});
