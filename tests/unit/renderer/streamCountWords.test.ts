import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamSummary } from '../../../src/shared/features/streamsContract';
import type { StreamEntry } from '../../../src/shared/streamEntries';
import type { Lane } from '../../../src/shared/liveChannels';
import { laneSequenceLine } from '../../../src/renderer/src/features/live/laneSequenceText';
import { fieldsLine, retentionText } from '../../../src/renderer/src/features/streams/streamFormatting';

/** Only the parts these lines read; the rest of a real entry, summary or lane does not reach them. */
function entryWith(fieldCount: number): StreamEntry {
  const fields = [{ name: { text: 'seq' }, value: { preview: '7' } }];
  return { id: '1-0', timeMs: 1, fields, fieldCount, totalBytes: 4, areFieldsTruncated: fieldCount > 1 } as unknown as StreamEntry;
}

test('counts in the streams lines read grouped by thousands, and one more field is one field', () => {
  const retention = { entriesAdded: 1_204_000, removed: 12_345, maxDeletedId: null };
  assert.deepStrictEqual(
    {
      oneMore: fieldsLine(entryWith(2)),
      manyMore: fieldsLine(entryWith(9_937)),
      retention: retentionText({ retention } as unknown as StreamSummary),
      removedUnknown: retentionText({ retention: { ...retention, removed: null } } as unknown as StreamSummary).split(' of them')[0],
    },
    {
      oneMore: 'seq=7 · +1 more field',
      manyMore: 'seq=7 · +9,936 more fields',
      retention:
        "1,204,000 added in all, 12,345 of them trimmed or deleted since. Redis does not record how a producer trims the stream (MAXLEN: keep at most so many entries; MINID: drop entries older than an id), so how long entries stay cannot be shown here.",
      removedUnknown: '1,204,000 added in all, 0',
    },
  );
});

test("a lane's sequence line groups its missing and out-of-order counts like every other count", () => {
  const sequence = { field: 'seq', checked: 2_000_000, missing: 12_345, outOfOrder: 1_001, duplicates: 0, restarts: 0, channelsUntracked: 0 };
  assert.equal(laneSequenceLine({ sequence } as unknown as Lane)?.text, 'Sequence (seq): 12,345 missing · 1,001 out of order');
});
