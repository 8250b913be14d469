import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatClockMilliseconds } from '../../../src/renderer/src/format/formatClockTime';
import { describeDrops, formatLatency, formatPublishTime, formatRowLatency, gapText, latencyNote, latencyTitle } from '../../../src/renderer/src/features/live/feedFormatting';
import { checkFilterLine, laneCountersText, pauseBufferText, summarizeLaneState } from '../../../src/renderer/src/features/live/laneDescriptions';
import type { Lane } from '../../../src/shared/liveChannels';

const LANE: Lane = {
  id: 'lane-1',
  profileId: 'profile-1',
  target: { kind: 'pattern', pattern: 'user:*:raw' },
  decoder: 'auto',
  filter: '',
  subscription: { state: 'active', since: 0 },
  isPaused: true,
  pauseBuffer: { heldMessages: 1_234, heldBytes: 100, capacityMessages: 10_000, capacityBytes: 1_000_000, dropped: 0 },
  counters: { received: 1_300, shown: 66, filteredOut: 0 },
  filterScan: null,
};

test('lanes are described in words: state, pause buffer, counters', () => {
  const refused: Lane = { ...LANE, isPaused: false, subscription: { state: 'refused', since: 0, error: { code: 'NOPERM', message: 'User jamie may not subscribe to user:*:raw.' } } };
  assert.deepStrictEqual(
    {
      paused: summarizeLaneState(LANE),
      refused: summarizeLaneState(refused),
      buffer: pauseBufferText(LANE),
      counters: laneCountersText({ ...LANE, filter: 'data.x > 1', counters: { received: 10, shown: 4, filteredOut: 6 } }, 3),
    },
    {
      paused: { label: 'Paused', tone: 'warning' },
      refused: { label: 'Refused by the server', tone: 'bad', detail: 'User jamie may not subscribe to user:*:raw.' },
      buffer: '1,234 of 10,000 held, 0 dropped',
      counters: '10 received · 6 filtered out · 3 in the feed',
    },
  );
});

test('a filter line is checked as it is typed and explained in words', () => {
  assert.deepStrictEqual(
    ['', 'data.device_id == mushroom1', 'data.telemetry.co2 > 900', 'payload.status != idle', 'door open', 'data.device_id =='].map(checkFilterLine),
    [
      { state: 'empty' },
      { state: 'valid', meaning: 'Shows messages where data.device_id equals "mushroom1".' },
      { state: 'valid', meaning: 'Shows messages where data.telemetry.co2 is greater than 900.' },
      { state: 'valid', meaning: 'Shows messages where payload.status is not "idle" (messages without that field are shown too).' },
      { state: 'valid', meaning: 'Shows messages containing "door open" (any case), in the channel name or the payload.' },
      { state: 'invalid', problem: 'Add a value after ==, for example data.device_id == mushroom1.' },
    ],
  );
});

test("a negative latency says the sender's clock is ahead, in the row and in its explanation", () => {
  assert.deepStrictEqual(
    [-86, 12, -90_000].map((latency) => [formatRowLatency(latency), latencyNote(latency)]),
    [
      ['-86 ms (clock ahead)', "Below zero: the sender's clock is ahead of this computer's (the message says it was published after it arrived)."],
      ['12 ms', null],
      ['-1 min', "A difference this large usually means the sender's clock, or the time it writes into its messages, differs from this computer's clock."],
    ],
  );
});

test('feed rows, gaps and drops read plainly', () => {
  const tenPast = new Date(2026, 0, 5, 10, 41, 2, 7).getTime();
  assert.deepStrictEqual(
    {
      time: formatClockMilliseconds(tenPast),
      latencies: [0.42, 12.6, 2_500, -1_250, 125_000, 5_400_000, 31_536_000_000].map(formatLatency),
      titles: [2_500, -90_000].map((latency) => latencyTitle(latency).includes("sender's clock")),
      publishedToday: formatPublishTime(tenPast - 1_500, tenPast),
      publishedLastYear: formatPublishTime(tenPast - 365 * 24 * 3_600_000, tenPast),
      gap: gapText({ id: 'gap-1', from: tenPast, to: tenPast + 7_000, reason: 'Connection to the server lost: the server closed the connection.', afterSeq: 4 }),
      openGap: gapText({ id: 'gap-2', from: tenPast, to: null, reason: 'Connection to the server lost.', afterSeq: 4 }),
      drops: describeDrops({ 'pause-buffer-full': 1_200, 'frame-cap': 3, 'browser-backlog': 2, 'byte-budget': 0, disconnect: 1 }),
      none: describeDrops({}),
    },
    {
      time: '10:41:02.007',
      latencies: ['0.4 ms', '13 ms', '2.5 s', '-1.3 s', '2 min', '1.5 h', '365 d'],
      titles: [false, true],
      publishedToday: '10:41:00.507',
      publishedLastYear: '2025-01-05 10:41:02.007',
      gap: 'No messages received from 10:41:02 to 10:41:09: Connection to the server lost: the server closed the connection.',
      openGap: 'No messages received from 10:41:02 to now (still not receiving): Connection to the server lost.',
      drops: '1,200 pause buffer full, 5 display could not keep up, 1 server disconnect',
      none: 'none',
    },
  );
});
