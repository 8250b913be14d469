/**
 * A bridge lane receiving a record a second: the lane list the window holds
 * (polled, or merged by a frame listener React hears later) can be a frame
 * behind the feed store's rows. The lane's line must still agree with itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedFrame, FeedMessage, Lane } from '../../../src/shared/liveChannels';
import { FeedStore } from '../../../src/renderer/src/features/live/feedStore';
import { laneCountersFromFeed } from '../../../src/renderer/src/features/live/laneCountersFromFeed';

const LANE_ID = 'lane-1';

function laneAfter(received: number): Lane {
  return {
    id: LANE_ID,
    profileId: 'p',
    target: { kind: 'bridge', bridgeId: 'serial-1' },
    decoder: 'auto',
    filter: '',
    subscription: { state: 'active', since: 0 },
    isPaused: false,
    pauseBuffer: { heldMessages: 0, heldBytes: 0, capacityMessages: 10, capacityBytes: 1_000, dropped: 0 },
    counters: { received, shown: received, filteredOut: 0 },
    filterScan: null,
  };
}

function message(seq: number): FeedMessage {
  return { seq, laneIds: [LANE_ID], channel: { text: 'bridge:serial-1', byteLength: 15, isTruncated: false }, receivedAt: seq * 1_000, sizeBytes: 10, kind: 'text', preview: `record ${seq}` };
}

/** One frame a second, each with one record and the lane's counters as the bus cut them. */
function frame(seq: number): FeedFrame {
  return {
    kind: 'feed',
    profileId: 'p',
    seq,
    at: seq * 1_000,
    messages: [message(seq)],
    gaps: [],
    lanes: [laneAfter(seq)],
    channels: [],
    history: { heldMessages: seq, heldBytes: seq * 10, capacityMessages: 1_000, capacityBytes: 100_000, evicted: 0, oldestSeq: 1 },
    dropped: {},
    removedFromLanes: [],
  };
}

test('a lane list one frame behind the feed still shows as many received as in the feed', () => {
  const store = new FeedStore();
  for (let seq = 1; seq <= 48; seq++) store.applyFrame(frame(seq));
  // The lane list answered just before frame 48 arrived.
  assert.equal(laneCountersFromFeed(laneAfter(47), store), '48 received · 48 in the feed');
});

test('at every frame, with the lane list from any earlier moment, received is never below in the feed', () => {
  const store = new FeedStore();
  for (let seq = 1; seq <= 60; seq++) {
    store.applyFrame(frame(seq));
    for (const listed of [0, Math.floor(seq / 2), seq - 1]) {
      assert.equal(laneCountersFromFeed(laneAfter(listed), store), `${seq} received · ${seq} in the feed`);
    }
  }
});

test('before any frame carried the lane, its own counters are shown; a removed lane or a restarted feed forgets the pushed ones', () => {
  const store = new FeedStore();
  assert.equal(laneCountersFromFeed(laneAfter(5), store), '5 received · 0 in the feed');
  store.applyFrame(frame(1));
  store.applyFrame(frame(2));
  // A frame without the lane (its counters did not change) keeps the last ones.
  store.applyFrame({ ...frame(3), messages: [], lanes: [] });
  assert.equal(laneCountersFromFeed(laneAfter(0), store), '2 received · 2 in the feed');
  store.forgetLane(LANE_ID);
  assert.equal(laneCountersFromFeed(laneAfter(0), store), '2 received · 0 in the feed', 'clearing keeps the bus counters, as the bus does');
  store.forgetLaneCounters(LANE_ID);
  assert.equal(laneCountersFromFeed(laneAfter(7), store), '7 received · 0 in the feed');
  store.applyFrame(frame(4));
  store.reset();
  assert.equal(laneCountersFromFeed(laneAfter(9), store), '9 received · 0 in the feed');
});
