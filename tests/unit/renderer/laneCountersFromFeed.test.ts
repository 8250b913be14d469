/**
 * A bridge lane receiving a record a second: the lane list the window holds
 * (polled, or merged by a frame listener React hears later) can be a frame
 * behind the feed store's rows. The lane's line must still agree with itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabwireApi } from '../../../src/shared/contract';
import type { FeedFrame, FeedMessage, Lane } from '../../../src/shared/liveChannels';
import { ok } from '../../../src/shared/result';
import { catchUpFeed } from '../../../src/renderer/src/features/live/feedCatchUp';
import { FeedStore } from '../../../src/renderer/src/features/live/feedStore';
import { laneCountersFromFeed } from '../../../src/renderer/src/features/live/laneCountersFromFeed';
import { feedViewOptions } from '../../../src/renderer/src/features/live/feedViewOptions';

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

/** A bus receiving a record between any two answers, as a serial bridge at 1/s would between slow round trips. */
function busReceivingBetweenAnswers(startReceived: number): { api: LabwireApi; asked: string[] } {
  let received = startReceived;
  const asked: string[] = [];
  const answer = (method: string): unknown => {
    asked.push(method);
    if (method === 'lanes:list') return [laneAfter(received)];
    const messages = Array.from({ length: received }, (_, index) => message(received - index));
    return { messages, channels: [], history: frame(received).history, dropped: {} };
  };
  const api = {
    request: async (method: string) => {
      const value = answer(method);
      received++;
      return ok(value);
    },
    onDidReceiveEvent: () => () => undefined,
    onDidReceiveFrame: () => () => undefined,
  } as unknown as LabwireApi;
  return { api, asked };
}

test("a catch-up asks for the lanes' counters after the rows, so they count every row it fetched", async () => {
  const { api, asked } = busReceivingBetweenAnswers(47);
  const store = new FeedStore();
  await catchUpFeed(api, 'p', store, 1_000);
  assert.deepStrictEqual(asked, ['feed:recent', 'lanes:list']);
  // The lane list the window held from before the tab opened said 40; the bus had one more record by the counters' answer.
  assert.equal(laneCountersFromFeed(laneAfter(40), store), '48 received · 47 in the feed');
  store.applyFrame(frame(48));
  assert.equal(laneCountersFromFeed(laneAfter(40), store), '48 received · 48 in the feed');
});

test('while the window fetches the kept messages (after a reload), the lane says the feed is loading, not that it holds none', () => {
  const store = new FeedStore();
  store.beginCatchUp();
  // Frames keep coming while the kept messages load; their rows wait until the older ones are in.
  store.applyFrame(frame(1));
  const whileLoading = laneCountersFromFeed(laneAfter(1), store);
  store.finishCatchUp([]);
  assert.deepStrictEqual([whileLoading, laneCountersFromFeed(laneAfter(1), store)], ['1 received · loading the feed', '1 received · 1 in the feed']);
});

/** A bus keeping `held` messages (seqs 1..held), answering 'feed:recent' a page at a time; `onAsk` sees each question before its answer. */
function busKeeping(held: number, onAsk: (method: string) => void): LabwireApi {
  return {
    request: async (method: string, params: { beforeSeq?: number | null; limit?: number }) => {
      onAsk(method);
      if (method === 'lanes:list') return ok([laneAfter(held)]);
      const newest = params.beforeSeq == null ? held : params.beforeSeq - 1;
      const count = Math.min(params.limit ?? 0, newest);
      const messages = Array.from({ length: count }, (_, index) => message(newest - index));
      return ok({ messages, channels: [], history: { ...frame(held).history, heldMessages: held, capacityMessages: 100_000, oldestSeq: 1 }, dropped: {} });
    },
    onDidReceiveEvent: () => () => undefined,
    onDidReceiveFrame: () => () => undefined,
  } as unknown as LabwireApi;
}

test('a fresh window says how far the loading is, page by page, as many as the bus keeps or the window holds', async () => {
  const store = new FeedStore();
  const seen: string[] = [];
  await catchUpFeed(busKeeping(12_000, () => seen.push(laneCountersFromFeed(laneAfter(12_000), store))), 'p', store, 100_000);
  seen.push(laneCountersFromFeed(laneAfter(12_000), store));
  assert.deepStrictEqual(seen, [
    '12,000 received · loading the feed',
    '12,000 received · loading the feed: 5,000 of 12,000',
    '12,000 received · loading the feed: 10,000 of 12,000',
    // The last page, then the lanes' counters, then the rows go in.
    '12,000 received · loading the feed: 12,000 of 12,000',
    '12,000 received · 12,000 in the feed',
  ]);

  const small = new FeedStore();
  const seenSmall: string[] = [];
  await catchUpFeed(busKeeping(12_000, () => seenSmall.push(laneCountersFromFeed(laneAfter(12_000), small))), 'p', small, 6_000);
  assert.deepStrictEqual(seenSmall.slice(1), ['12,000 received · loading the feed: 5,000 of 6,000', '12,000 received · loading the feed: 6,000 of 6,000']);
});

test('a window that held messages already fetches only what it missed, a count nobody knows: it says loading, with no numbers', async () => {
  const store = new FeedStore();
  store.applyFrame(frame(1));
  store.forgetLane(LANE_ID);
  const seen: string[] = [];
  await catchUpFeed(busKeeping(12_000, () => seen.push(laneCountersFromFeed(laneAfter(12_000), store))), 'p', store, 100_000);
  // The lane's counters are the last frame's (1 received) until the catch-up's answer.
  assert.deepStrictEqual(seen, Array.from({ length: 4 }, () => '1 received · loading the feed'));
});

test("while a fresh window loads the feed, the Feed card's Show choices say loading, as the lane's line does, not 0", async () => {
  const store = new FeedStore();
  const lanes = [laneAfter(12_000)];
  const seen: string[][] = [];
  await catchUpFeed(busKeeping(12_000, () => seen.push(feedViewOptions(store, lanes).map((option) => option.text))), 'p', store, 100_000);
  seen.push(feedViewOptions(store, lanes).map((option) => option.text));
  assert.deepStrictEqual(seen.at(1), ['All lanes (loading…)', 'Bridge serial-1 (loading…)']);
  assert.equal(laneCountersFromFeed(lanes[0]!, store), '12,000 received · 12,000 in the feed');
  assert.deepStrictEqual(seen.at(-1), ['All lanes (12,000)', 'Bridge serial-1 (12,000)']);
  assert.ok(seen.slice(0, -1).every((texts) => texts.every((text) => text.endsWith('(loading…)'))), JSON.stringify(seen));
});
