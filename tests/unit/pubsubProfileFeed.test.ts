import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FEED_LIMITS, type FeedLimits } from '../../src/bus/feed/feedLimits';
import type { RawMessage } from '../../src/bus/sources/redisPubsub/hubSubscription';
import type { LaneRecord } from '../../src/bus/feed/laneRecord';
import { ProfileFeed } from '../../src/bus/feed/profileFeed';
import { readFeedFrame } from '../support/feedFrameSink';
import { FRAME_INTERVAL_MS } from '../../src/shared/contract';
import { MAX_MESSAGES_PER_FRAME, type DecoderChoice, type FeedFrame, type LaneTarget } from '../../src/shared/liveChannels';
import { newLaneRecord } from '../support/fakeHubSubscription';

function newFeed(limits: Partial<FeedLimits> = {}): { feed: ProfileFeed; frames: FeedFrame[] } {
  const frames: FeedFrame[] = [];
  const feed = new ProfileFeed('lab', { ...DEFAULT_FEED_LIMITS, ...limits }, (frame) => frames.push(readFeedFrame(frame)));
  return { feed, frames };
}

function addLane(feed: ProfileFeed, id: string, target: LaneTarget, decoder: DecoderChoice = 'auto'): LaneRecord {
  const lane = newLaneRecord({ id, target, decoder });
  feed.addLane(lane);
  return lane;
}

function raw(channel: string, payload: string, pattern: string | null = null): RawMessage {
  return { channel: Buffer.from(channel), pattern: pattern === null ? null : Buffer.from(pattern), payload: Buffer.from(payload), receivedAt: 1_000 };
}

const nextFrame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS * 3));

describe('ProfileFeed', () => {
  test("a frame cut while a message arrives carries that lane's counters whole, never received without shown", async () => {
    const { feed, frames } = newFeed();
    const lane = addLane(feed, 'lane-1', { kind: 'channel', name: 'lab:a' });
    const paused = addLane(feed, 'lane-2', { kind: 'channel', name: 'lab:b' });
    paused.isPaused = true;
    for (let index = 0; index < 5; index++) {
      feed.ingest(lane, { ...raw('lab:a', `{"n":${index}}`), receivedAt: 1_000 + index * FRAME_INTERVAL_MS * 2 });
      feed.ingest(paused, { ...raw('lab:b', `{"n":${index}}`), receivedAt: 1_000 + index * FRAME_INTERVAL_MS * 2 + 1 });
    }
    await nextFrame();
    const lastCounts = (id: string) => frames.flatMap((frame) => frame.lanes).filter((candidate) => candidate.id === id).at(-1);
    feed.close();
    assert.deepStrictEqual(
      { shown: lastCounts('lane-1')?.counters, held: lastCounts('lane-2')?.pauseBuffer.heldMessages },
      { shown: { received: 5, shown: 5, filteredOut: 0 }, held: 5 },
    );
  });

  test('joins the lanes of one delivery into one message, and never merges two publishes of the same bytes', async () => {
    const { feed, frames } = newFeed();
    const exact = addLane(feed, 'exact', { kind: 'channel', name: 'agent:status' });
    const twin = addLane(feed, 'twin', { kind: 'channel', name: 'agent:status' });
    const pattern = addLane(feed, 'pattern', { kind: 'pattern', pattern: 'agent*' });
    const pinned = addLane(feed, 'pinned', { kind: 'pattern', pattern: 'agent:*' }, 'text');
    for (let publish = 0; publish < 2; publish++) {
      const message = raw('agent:status', '{"status":"idle"}');
      feed.ingest(exact, message);
      feed.ingest(twin, message);
      feed.ingest(pattern, raw('agent:status', '{"status":"idle"}', 'agent*'));
      feed.ingest(pinned, raw('agent:status', '{"status":"idle"}', 'agent:*'));
    }
    await nextFrame();
    feed.close();
    assert.deepStrictEqual(
      frames.flatMap((frame) => frame.messages).map((message) => [message.seq, message.laneIds, message.kind, message.preview]),
      [
        [1, ['exact', 'twin', 'pattern'], 'json', '{"status":"idle"}'],
        [2, ['pinned'], 'text', '{"status":"idle"}'],
        [3, ['exact', 'twin', 'pattern'], 'json', '{"status":"idle"}'],
        [4, ['pinned'], 'text', '{"status":"idle"}'],
      ],
    );
    assert.deepStrictEqual(frames.at(-1)!.channels.map((stats) => [stats.channel.text, stats.total]), [['agent:status', 2]]);
  });

  test('over MAX_MESSAGES_PER_FRAME the newest go in the frame and the rest are counted, still held in the history', async () => {
    const { feed, frames } = newFeed();
    const lane = addLane(feed, 'flood', { kind: 'channel', name: 'crep:live' });
    const total = MAX_MESSAGES_PER_FRAME + 500;
    // Text previews are written on receipt, so no preview time budget can take part in the count.
    for (let index = 1; index <= total; index++) feed.ingest(lane, raw('crep:live', `n=${index}`));
    await nextFrame();
    const oldest = feed.recent(2, 1)[0];
    feed.close();
    const framed = frames.flatMap((frame) => frame.messages);
    assert.deepStrictEqual(
      {
        framed: framed.length,
        first: framed[0]?.preview,
        last: framed.at(-1)?.preview,
        dropped: frames.at(-1)!.dropped,
        channelDropped: frames.at(-1)!.channels[0]!.dropped,
        oldest: oldest?.preview,
      },
      {
        framed: MAX_MESSAGES_PER_FRAME,
        first: 'n=501',
        last: `n=${total}`,
        dropped: { 'frame-cap': 500 },
        channelDropped: { 'frame-cap': 500 },
        oldest: 'n=1',
      },
    );
  });

  test('a message still waiting for its frame is sent before a small history drops it, and the drop is counted once', async () => {
    const { feed, frames } = newFeed({ historyMessages: 3 });
    const lane = addLane(feed, 'burst', { kind: 'channel', name: 'pump:state' });
    // One call stack, so no timer cuts a frame in between: only the history making room can.
    for (let index = 1; index <= 7; index++) feed.ingest(lane, raw('pump:state', `s${index}`));
    await nextFrame();
    const held = feed.recent(null, 10).map((message) => message.preview);
    feed.close();
    assert.deepStrictEqual(
      { framed: frames.flatMap((frame) => frame.messages).map((message) => message.preview), held, history: frames.at(-1)!.history, dropped: frames.at(-1)!.dropped },
      {
        framed: ['s1', 's2', 's3', 's4', 's5', 's6', 's7'],
        held: ['s7', 's6', 's5'],
        history: { ...frames.at(-1)!.history, heldMessages: 3, evicted: 4 },
        dropped: {},
      },
    );
  });

  test('a lost connection opens a gap after the last message and the next ready closes it', async () => {
    const { feed, frames } = newFeed();
    const lane = addLane(feed, 'alerts', { kind: 'channel', name: 'system:alerts' });
    feed.ingest(lane, raw('system:alerts', 'disk full'));
    const lastError = { code: 'CONNECTION_LOST' as const, message: 'The connection to 127.0.0.1:6379 dropped.' };
    feed.handleReceivingState({ state: 'reconnecting', since: 5_000, attempt: 1, lastError, nextRetryAt: 5_100 });
    feed.handleReceivingState({ state: 'reconnecting', since: 5_000, attempt: 2, lastError, nextRetryAt: 5_300 });
    await nextFrame();
    feed.handleReceivingState({ state: 'ready', since: 6_000, lastGap: { from: 5_000, to: 6_000 } });
    await nextFrame();
    feed.close();
    assert.deepStrictEqual(
      frames.flatMap((frame) => frame.gaps),
      [
        { id: 'gap-1', from: 5_000, to: null, reason: 'Connection to the server lost: The connection to 127.0.0.1:6379 dropped.', afterSeq: 1 },
        { id: 'gap-1', from: 5_000, to: 6_000, reason: 'Connection to the server lost: The connection to 127.0.0.1:6379 dropped.', afterSeq: 1 },
      ],
    );
  });

  test('cutting no frame when nothing changed', async () => {
    const { feed, frames } = newFeed();
    addLane(feed, 'idle', { kind: 'channel', name: 'memory:updates' });
    await nextFrame();
    feed.close();
    assert.deepStrictEqual(frames, []);
  });
});
