/** The Live channels screen's numbers and what it keeps for the session, in words a technician reads. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDropsBriefly, feedCountsText } from '../../../src/renderer/src/features/live/feedFormatting';
import { filterScanText } from '../../../src/renderer/src/features/live/laneDescriptions';
import { liveSelectionKey, readLiveSelection, writeLiveSelection } from '../../../src/renderer/src/features/live/liveSelection';
import type { Lane } from '../../../src/shared/liveChannels';

test("the feed's footnote never counts the rows the bus history dropped twice, nor lists them as held", () => {
  assert.deepStrictEqual(
    [
      feedCountsText(27_273, { heldMessages: 27_273, heldBytes: 9 * 1024 * 1024, evicted: 0, noLongerHeld: 26_967 }, { 'byte-budget': 26_967, 'frame-cap': 12 }),
      feedCountsText(3, { heldMessages: 5, heldBytes: 2048, evicted: 4, noLongerHeld: 0 }, {}),
    ],
    [
      '27,273 shown · this window holds 27,273 (9.0 MiB) · 26,967 older ones removed (the bus history was full) · dropped: 12 display could not keep up',
      "3 shown · this window holds 5 (2.0 KiB) · 4 older ones removed to stay within this window's memory · dropped: none",
    ],
  );
});

test('the drop cell stays one line: one reason in words, several as a total', () => {
  assert.deepStrictEqual(
    [describeDropsBriefly({}), describeDropsBriefly({ 'byte-budget': 26_967 }), describeDropsBriefly({ 'byte-budget': 5, 'pause-buffer-full': 7, 'frame-cap': 1 })],
    ['none', '26,967 history full (oldest removed)', '13 (3 reasons)'],
  );
});

test('a filter applied to held messages says how many it searched and matched, and that it was stopped', () => {
  const lane = (filterScan: Lane['filterScan']): Lane => ({ filterScan }) as Lane;
  assert.deepStrictEqual(
    [
      filterScanText(lane(null)),
      filterScanText(lane({ state: 'searching', searched: 3_000, matched: 12, toSearch: 13_000 })),
      filterScanText(lane({ state: 'done', searched: 13_000, matched: 412, toSearch: 13_000 })),
      filterScanText(lane({ state: 'stopped', searched: 3_000, matched: 12, toSearch: 13_000 })),
      filterScanText(lane({ state: 'done', searched: 0, matched: 0, toSearch: 0 })),
    ],
    [
      null,
      'Applying the filter to the messages held before it: 3,000 of 13,000 searched, 12 matched.',
      'Applied to the 13,000 messages held before it: 412 matched, 12,588 taken out of the feed.',
      'Stopped: 3,000 of the 13,000 messages held before the filter searched (12 matched); older ones stay in the feed unfiltered.',
      null,
    ],
  );
});

test('the lane view and the opened message are kept per profile; anything else in storage reads as nothing selected', () => {
  const store = new Map<string, string>();
  const storage = { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value) };
  writeLiveSelection(storage, 'lab', { laneView: 'lane-3', selectedSeq: 412 });
  store.set(liveSelectionKey('broken'), '{"laneView": 7, "selectedSeq": -1}');
  store.set(liveSelectionKey('garbage'), 'not json');
  assert.deepStrictEqual(
    ['lab', 'other', 'broken', 'garbage'].map((profileId) => readLiveSelection(storage, profileId)),
    [
      { laneView: 'lane-3', selectedSeq: 412 },
      { laneView: null, selectedSeq: null },
      { laneView: null, selectedSeq: null },
      { laneView: null, selectedSeq: null },
    ],
  );
});
