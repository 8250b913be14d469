/**
 * The feed's hot path: frames cut by arriving messages when the clock is due
 * (a flood keeps the worker's event loop from running timers), and
 * MessagePack and JSON over 2 KiB decoded only when a frame or a request
 * carries the message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { parseFeedFilter } from '../../src/shared/feedFilter';
import { DEFAULT_FEED_LIMITS } from '../../src/bus/feed/feedLimits';
import { buildShownFields, isDecodeDeferred } from '../../src/bus/feed/feedMessageBuilder';
import type { RawMessage } from '../../src/bus/sources/redisPubsub/hubSubscription';
import type { LaneRecord } from '../../src/bus/feed/laneRecord';
import { ProfileFeed } from '../../src/bus/feed/profileFeed';
import { readFeedFrame } from '../support/feedFrameSink';
import { FRAME_INTERVAL_MS } from '../../src/shared/contract';
import { MAX_PREVIEW_CHARS, type FeedFrame } from '../../src/shared/liveChannels';
import { newLaneRecord } from '../support/fakeHubSubscription';

function newFeed(): { feed: ProfileFeed; frames: FeedFrame[]; lane: LaneRecord } {
  const frames: FeedFrame[] = [];
  const feed = new ProfileFeed('lab', DEFAULT_FEED_LIMITS, (frame) => frames.push(readFeedFrame(frame)));
  const lane = newLaneRecord({ id: 'lane', target: { kind: 'channel', name: 'user:7:raw' } });
  feed.addLane(lane);
  return { feed, frames, lane };
}

function raw(payload: Buffer, receivedAt: number): RawMessage {
  return { channel: Buffer.from('user:7:raw'), pattern: null, payload, receivedAt };
}

const eegFrame = (index: number): Buffer => pack({ type: 'raw', timestamp: 1_700_000_000 + index / 1000, channels: { Ch0: index + 0.5, Ch1: -index } });
/** Over 2 KiB: decoded when shown. */
const eegBlock = (index: number): Buffer =>
  pack({ type: 'raw', timestamp: 1_700_000_000 + index / 1000, channels: { Ch0: index + 0.5, Ch1: -index }, samples: Array.from({ length: 300 }, (_, sample) => sample + 0.25) });

describe('ProfileFeed under a flood', () => {
  test('once frames run, a message that arrives after the next frame is due cuts it at once, without waiting for a timer', async () => {
    const { feed, frames, lane } = newFeed();
    feed.ingest(lane, raw(Buffer.from('first'), Date.now()));
    await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS * 3));
    // Receive times relative to the first frame's cut, so a slow machine changes nothing.
    const cutAt = frames.at(-1)!.at;
    feed.ingest(lane, raw(Buffer.from('second'), cutAt + 1));
    feed.ingest(lane, raw(Buffer.from('third, within the frame interval'), cutAt + 1));
    const beforeDue = frames.length;
    // Same call stack, no timer has run: received well after the next frame was due, this message cuts that frame first.
    feed.ingest(lane, raw(Buffer.from('fourth, a frame interval later'), cutAt + 10 * FRAME_INTERVAL_MS));
    const previews = frames.map((frame) => frame.messages.map((message) => message.preview));
    feed.close();
    assert.deepStrictEqual({ beforeDue, previews }, { beforeDue: 1, previews: [['first'], ['second', 'third, within the frame interval']] });
  });

  test('large MessagePack waits undecoded; feed:recent, feed:message and the frame show it decoded with its envelope and preview', async () => {
    const { feed, frames, lane } = newFeed();
    for (let index = 0; index < 4; index++) feed.ingest(lane, raw(eegBlock(index), 1_700_000_000_000 + index + 7));
    // Before any frame: the requests decode what they return.
    const recent = feed.recent(3, 1);
    const detail = feed.messageDetail(3);
    await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS * 3));
    feed.close();
    const expected = (index: number): unknown => ({
      seq: index + 1,
      laneIds: ['lane'],
      channel: { text: 'user:7:raw', byteLength: 10, isTruncated: false },
      receivedAt: 1_700_000_000_000 + index + 7,
      ...buildShownFields(eegBlock(index), 'auto', 1_700_000_000_000 + index + 7),
    });
    assert.deepStrictEqual(
      { recent, detailMessage: detail.ok ? detail.value.message : detail.error, framed: frames.flatMap((frame) => frame.messages) },
      { recent: [expected(1)], detailMessage: expected(2), framed: [0, 1, 2, 3].map(expected) },
    );
    assert.deepStrictEqual(expected(0), {
      seq: 1,
      laneIds: ['lane'],
      channel: { text: 'user:7:raw', byteLength: 10, isTruncated: false },
      receivedAt: 1_700_000_000_007,
      sizeBytes: eegBlock(0).length,
      kind: 'msgpack',
      preview: `{"type":"raw","timestamp":1700000000,"channels":{"Ch0":0.5,"Ch1":0},"samples":[${Array.from({ length: 300 }, (_, sample) => sample + 0.25).join(',')}]`.slice(0, MAX_PREVIEW_CHARS - 1) + '…',
      envelope: { type: 'raw', publishedAt: 1_700_000_000_000 },
      latencyMs: 7,
    });
  });

  test('a field filter reads a small MessagePack value that was read only for showing by the lane before it', async () => {
    const { feed, frames, lane } = newFeed();
    const parsed = parseFeedFilter('type == raw');
    assert.ok(parsed.ok);
    const filtered = newLaneRecord({ id: 'raw-only', target: { kind: 'channel', name: 'user:7:raw' }, filterText: 'type == raw', filter: parsed.value });
    feed.addLane(filtered);
    const prediction = pack({ type: 'prediction', timestamp: 1_700_000_000, label: 'left' });
    for (const [index, payload] of [eegFrame(0), prediction].entries()) {
      // One delivery, both lanes, the unfiltered lane first (as the hub calls them in order).
      const message = raw(payload, 1_700_000_000_000 + index);
      feed.ingest(lane, message);
      feed.ingest(filtered, message);
    }
    await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS * 3));
    feed.close();
    assert.deepStrictEqual(
      frames.flatMap((frame) => frame.messages).map((message) => [message.laneIds, message.preview]),
      [
        [['lane', 'raw-only'], '{"type":"raw","timestamp":1700000000,"channels":{"Ch0":0.5,"Ch1":0}}'],
        [['lane'], '{"type":"prediction","timestamp":1700000000,"label":"left"}'],
      ],
    );
    assert.deepStrictEqual(filtered.counters, { received: 2, shown: 1, filteredOut: 1 });
  });

  test('only MessagePack and JSON over 2 KiB wait; smaller ones, text, binary and scalars are decoded on receipt', () => {
    const largeJson = JSON.stringify({ samples: Array.from({ length: 1_000 }, (_, index) => index) });
    const cases = [
      ['{"a":1}', 'auto'],
      ['  [1]', 'auto'],
      [largeJson, 'auto'],
      [`  ${largeJson}`, 'auto'],
      ['plain text', 'auto'],
      ['404', 'auto'],
      ['{"a":1}', 'text'],
      ['n=1', 'json'],
      [largeJson, 'json'],
    ] as const;
    assert.deepStrictEqual(
      [...cases.map(([text, decoder]) => isDecodeDeferred(Buffer.from(text), decoder)), isDecodeDeferred(eegFrame(1), 'auto'), isDecodeDeferred(eegBlock(1), 'auto'), isDecodeDeferred(eegBlock(1), 'msgpack'), isDecodeDeferred(Buffer.from([0x00, 0xff]), 'auto')],
      [false, false, true, true, false, false, false, false, true, false, true, true, false],
    );
  });
});
