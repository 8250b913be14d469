import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { feedRows, type FeedRow } from '../../../src/renderer/src/features/live/feedRows';
import { estimateMessageBytes, FeedStore } from '../../../src/renderer/src/features/live/feedStore';
import type { ChannelStats, FeedFrame, FeedGap, FeedMessage } from '../../../src/shared/liveChannels';

function message(seq: number, laneIds: string[] = ['lane-1'], receivedAt = 1_000 + seq): FeedMessage {
  return {
    seq,
    laneIds,
    channel: { text: 'devices:telemetry', byteLength: 17, isTruncated: false },
    receivedAt,
    sizeBytes: 20,
    kind: 'json',
    preview: `{"n":"${String(seq).padStart(6, '0')}"}`,
  };
}

function frame(seq: number, messages: FeedMessage[], gaps: FeedGap[] = []): FeedFrame {
  return {
    kind: 'feed',
    profileId: 'profile-1',
    seq,
    at: 0,
    messages,
    gaps,
    lanes: [],
    channels: [],
    history: { heldMessages: 0, heldBytes: 0, capacityMessages: 100_000, capacityBytes: 0, evicted: 0, oldestSeq: 1 },
    removedFromLanes: [],
    dropped: {},
  };
}

function seqs(store: FeedStore, laneId: string | null): number[] {
  const queue = store.messages(laneId);
  return Array.from({ length: queue.length }, (_, index) => queue.at(index)!.seq);
}

describe('the renderer feed store', () => {
  test('holds at most its limit, evicting the oldest from every lane and counting them', () => {
    const store = new FeedStore({ maxMessages: 3, maxBytes: Number.POSITIVE_INFINITY, maxGaps: 10 });
    store.applyFrame(frame(1, [message(1, ['a']), message(2, ['a', 'b']), message(3, ['b'])]));
    store.applyFrame(frame(2, [message(4, ['a']), message(5, ['b'])]));
    assert.deepStrictEqual(
      { all: seqs(store, null), a: seqs(store, 'a'), b: seqs(store, 'b'), counts: store.counts() },
      { all: [3, 4, 5], a: [4], b: [3, 5], counts: { heldMessages: 3, heldBytes: 3 * estimateMessageBytes(message(1)), evicted: 2, noLongerHeld: 0 } },
    );
  });

  test('stays within its byte budget', () => {
    const perMessage = estimateMessageBytes(message(1));
    const store = new FeedStore({ maxMessages: 1_000, maxBytes: perMessage * 10, maxGaps: 10 });
    store.applyFrame(frame(1, Array.from({ length: 25 }, (_, index) => message(index + 1))));
    assert.deepStrictEqual(store.counts(), { heldMessages: 10, heldBytes: perMessage * 10, evicted: 15, noLongerHeld: 0 });
  });

  test('keeps 100,000 messages and reads any of them by position', () => {
    const store = new FeedStore();
    for (let frameSeq = 1; frameSeq <= 60; frameSeq++) {
      store.applyFrame(frame(frameSeq, Array.from({ length: 2_000 }, (_, index) => message((frameSeq - 1) * 2_000 + index + 1))));
    }
    const queue = store.messages(null);
    assert.deepStrictEqual(
      { held: queue.length, evicted: store.counts().evicted, oldest: queue.first()?.seq, newest: queue.last()?.seq, middle: queue.at(50_000)?.seq },
      { held: 100_000, evicted: 20_000, oldest: 20_001, newest: 120_000, middle: 70_001 },
    );
  });

  test('rows the bus history no longer holds leave the window and are counted apart from its own evictions', () => {
    const store = new FeedStore();
    store.applyFrame(frame(1, [message(1, ['a']), message(2, ['a', 'b']), message(3, ['b'])]));
    store.applyFrame({ ...frame(2, [message(4, ['a'])]), history: { ...frame(2, []).history, heldMessages: 2, oldestSeq: 3 } });
    assert.deepStrictEqual(
      { all: seqs(store, null), a: seqs(store, 'a'), b: seqs(store, 'b'), counts: store.counts(), opensTwo: store.messageBySeq(2) },
      { all: [3, 4], a: [4], b: [3], counts: { heldMessages: 2, heldBytes: 2 * estimateMessageBytes(message(1)), evicted: 0, noLongerHeld: 2 }, opensTwo: undefined },
    );
  });

  test("a lane's new filter takes out the held messages it did not match; one left without a lane leaves the window", () => {
    const store = new FeedStore();
    store.applyFrame(frame(1, [message(1, ['a']), message(2, ['a', 'b']), message(3, ['a']), message(4, ['a'])]));
    // Message 5 was taken out of its only lane before its frame was cut: it arrives with none.
    store.applyFrame({ ...frame(2, [message(5, [])]), removedFromLanes: [{ laneId: 'a', seqs: [4, 2, 1, 5] }] });
    assert.deepStrictEqual(
      { all: seqs(store, null), a: seqs(store, 'a'), b: seqs(store, 'b'), held: store.counts().heldMessages, lanesOfTwo: store.messageBySeq(2)?.laneIds },
      { all: [2, 3], a: [3], b: [2], held: 2, lanesOfTwo: ['b'] },
    );
  });

  test("a catch-up's statistics are shown when no frame came meanwhile (a silent channel), and not over a newer frame's", () => {
    const channel = (total: number): ChannelStats => ({
      key: 'k',
      channel: { text: 'devices:telemetry', byteLength: 17, isTruncated: false },
      messagesPerSecond: 0,
      bytesPerSecond: 0,
      total,
      dropped: {},
      lastSeenAt: 5,
    });
    const silent = new FeedStore();
    silent.beginCatchUp();
    silent.finishCatchUp([message(2), message(1)], { channels: [channel(486)], history: frame(1, []).history, dropped: {} });
    const busy = new FeedStore();
    busy.beginCatchUp();
    busy.applyFrame({ ...frame(1, [message(3)]), channels: [channel(500)] });
    busy.finishCatchUp([message(2), message(1)], { channels: [channel(486)], history: frame(1, []).history, dropped: {} });
    assert.deepStrictEqual(
      [silent.channels.map((stats) => stats.total), busy.channels.map((stats) => stats.total), seqs(busy, null)],
      [[486], [500], [1, 2, 3]],
    );
  });

  test('a cleared lane leaves the feed; messages another lane also matched stay for that lane', () => {
    const store = new FeedStore();
    store.applyFrame(frame(1, [message(1, ['a']), message(2, ['a', 'b']), message(3, ['b'])]));
    store.forgetLane('a');
    store.applyFrame(frame(2, [message(4, ['a'])]));
    assert.deepStrictEqual(
      { all: seqs(store, null), a: seqs(store, 'a'), b: seqs(store, 'b'), lanesOfTwo: store.messageBySeq(2)?.laneIds },
      { all: [2, 3, 4], a: [4], b: [2, 3], lanesOfTwo: ['b'] },
    );
  });

  test('frames that arrive while older messages are fetched wait for them; duplicates are dropped', () => {
    const store = new FeedStore();
    store.applyFrame(frame(1, [message(1)]));
    store.beginCatchUp();
    store.applyFrame(frame(7, [message(5), message(6)]));
    store.finishCatchUp([message(5), message(4), message(3), message(2), message(1)]);
    assert.deepStrictEqual(seqs(store, null), [1, 2, 3, 4, 5, 6]);
  });

  test('a restarted bus feed (frame seqs start again, or its history is another one) replaces the old messages', () => {
    const restartedByFrame = new FeedStore();
    restartedByFrame.applyFrame(frame(40, [message(1), message(2)]));
    restartedByFrame.applyFrame(frame(1, [message(1, ['lane-9'], 9_999)]));

    const restartedByHistory = new FeedStore();
    restartedByHistory.applyFrame(frame(3, [message(1), message(2), message(3)]));
    restartedByHistory.beginCatchUp();
    restartedByHistory.finishCatchUp([message(4, ['lane-9'], 50_000), message(3, ['lane-9'], 40_000)]);

    const sameFeed = new FeedStore();
    sameFeed.applyFrame(frame(3, [message(1), message(2)]));
    sameFeed.beginCatchUp();
    sameFeed.finishCatchUp(null);

    assert.deepStrictEqual(
      {
        byFrame: restartedByFrame.messages(null).first()?.receivedAt,
        byHistory: seqs(restartedByHistory, null),
        unanswered: seqs(sameFeed, null),
        generations: [restartedByFrame.generation, restartedByHistory.generation, sameFeed.generation],
      },
      { byFrame: 9_999, byHistory: [3, 4], unanswered: [1, 2], generations: [1, 1, 0] },
    );
  });
});

describe('the feed rows', () => {
  const gap: FeedGap = { id: 'gap-1', from: 10, to: 20, reason: 'Connection to the server lost.', afterSeq: 2 };

  function describeRows(rows: ReturnType<typeof feedRows>): string[] {
    return Array.from({ length: rows.length }, (_, index) => rows.rowAt(index)).map((row?: FeedRow) =>
      row?.kind === 'gap' ? row.gap.id : String(row?.message.seq),
    );
  }

  test('are newest first, with a gap above the message it followed', () => {
    const store = new FeedStore();
    store.applyFrame(frame(1, [message(1), message(2), message(3), message(4)], [gap]));
    const rows = feedRows(store.messages(null), store.gaps());
    assert.deepStrictEqual(
      { rows: describeRows(rows), indexOfTwo: rows.indexOfSeq(2), indexOfFour: rows.indexOfSeq(4), newerThanTwo: rows.countNewerThan(2) },
      { rows: ['4', '3', 'gap-1', '2', '1'], indexOfTwo: 3, indexOfFour: 0, newerThanTwo: 2 },
    );
  });
});
