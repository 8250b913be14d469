import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBusMessage, encodeBusMessage } from '../../src/shared/busMessageCodec';
import { fromWireFeedFrame, toWireFeedFrame } from '../../src/shared/feedFrameWire';
import type { FeedFrame, FeedMessage } from '../../src/shared/liveChannels';

const channelA = { text: 'devices:telemetry', byteLength: 17, isTruncated: false };
const channelB = { text: 'odd\\n name \\u202E', byteLength: 1_048_576, isTruncated: true };

function feedFrame(messages: FeedMessage[]): FeedFrame {
  return {
    kind: 'feed',
    profileId: 'profile-1',
    seq: 41,
    at: 1_700_000_000_500,
    messages,
    gaps: [{ id: 'gap-1', from: 1_700_000_000_000, to: null, reason: 'Connection to the server lost: reset', afterSeq: 6 }],
    lanes: [],
    channels: [],
    history: { heldMessages: 7, heldBytes: 900, capacityMessages: 100_000, capacityBytes: 1 << 28, evicted: 0, oldestSeq: 1 },
    removedFromLanes: [],
    dropped: { 'frame-cap': 3 },
  };
}

const MESSAGES: FeedMessage[] = [
  {
    seq: 7,
    laneIds: ['lane-1', 'lane-2'],
    channel: channelA,
    receivedAt: 1_700_000_000_123.5,
    sizeBytes: 187,
    kind: 'json',
    preview: '{"device_id":"mushroom1","co2":612}',
    envelope: { type: 'telemetry', source: 'mushroom1', publishedAt: 1_700_000_000_100 },
    latencyMs: 23.5,
  },
  { seq: 8, laneIds: ['lane-2'], channel: channelB, receivedAt: 1_700_000_000_124, sizeBytes: 3, kind: 'binary', preview: '' },
  {
    seq: 9,
    laneIds: [],
    channel: channelA,
    receivedAt: 1_700_000_000_125,
    sizeBytes: 50_000_000,
    kind: 'error',
    decodeError: 'The MessagePack data ends in the middle of a value.',
    preview: 'c1 ff 00 … +49999997 bytes',
  },
  { seq: 10, laneIds: ['lane-1'], channel: channelA, receivedAt: 1_700_000_000_126, sizeBytes: 12, kind: 'text', preview: '😀 Grüße \\x00 עברית' },
  { seq: 11, laneIds: ['lane-1'], channel: channelB, receivedAt: 1_700_000_000_127, sizeBytes: 929, kind: 'msgpack', preview: '{"channels":{}}', envelope: { publishedAt: 1_700_000_000_000 }, latencyMs: 127 },
  { seq: 12, laneIds: ['lane-1'], channel: channelA, receivedAt: 1_700_000_000_128, sizeBytes: 40, kind: 'json', preview: '{"type":"alert"}', envelope: { type: 'alert' } },
];

describe('feed frame wire', () => {
  test('messages go out as columns and come back field for field, optional fields only where they were', () => {
    const frame = feedFrame(MESSAGES);
    const wire = toWireFeedFrame(frame);
    assert.deepStrictEqual(
      { count: wire.messages.count, channels: wire.messages.channels.length, laneIds: wire.messages.laneIds, strings: wire.messages.strings.length },
      { count: 6, channels: 2, laneIds: ['lane-1', 'lane-2'], strings: 4 },
    );
    assert.deepStrictEqual(fromWireFeedFrame(wire), frame);
  });

  test('a feed frame survives the bus message codec (bytes), an empty one too', () => {
    for (const messages of [MESSAGES, []]) {
      const frame = feedFrame(messages);
      assert.deepStrictEqual(decodeBusMessage(encodeBusMessage({ kind: 'frame', frame })), { kind: 'frame', frame });
    }
  });

  test('broken columns are a plain error, never a half-read frame', () => {
    const broken = [
      (wire: ReturnType<typeof toWireFeedFrame>) => void (wire.messages.seq = new Float64Array(2)),
      (wire: ReturnType<typeof toWireFeedFrame>) => void (wire.messages.channel[0] = 99),
      (wire: ReturnType<typeof toWireFeedFrame>) => void (wire.messages.previewEnds[5] = 1_000_000),
      (wire: ReturnType<typeof toWireFeedFrame>) => void (wire.messages.laneEnds[1] = 0),
      (wire: ReturnType<typeof toWireFeedFrame>) => void (wire.messages.kind[2] = 200),
    ];
    const messages = broken.map((breakIt) => {
      const wire = toWireFeedFrame(feedFrame(MESSAGES));
      breakIt(wire);
      try {
        fromWireFeedFrame(wire);
        return 'read';
      } catch (error) {
        return error instanceof Error && error.message.startsWith('The feed frame') ? 'plain error' : String(error);
      }
    });
    assert.deepStrictEqual(messages, broken.map(() => 'plain error'));
  });

  test('previews of every width survive a frame larger than the writer\'s first block, each in its own place; a lone surrogate arrives as U+FFFD', () => {
    const texts = ['plain ascii', '😀 Grüße עברית', '', 'x'.repeat(256), '日本語のプレビュー', 'lone \ud800 surrogate'];
    const messages: FeedMessage[] = Array.from({ length: 3_000 }, (_, index) => ({
      seq: index + 1, laneIds: ['lane-1'], channel: channelA, receivedAt: 1_700_000_000_000 + index, sizeBytes: 10, kind: 'text', preview: `${index}:${texts[index % texts.length]!}`,
    }));
    const back = decodeBusMessage(encodeBusMessage({ kind: 'frame', frame: feedFrame(messages) }));
    assert.ok(back.kind === 'frame' && back.frame.kind === 'feed');
    const expected = messages.map((message) => message.preview.replace('\ud800', '\ufffd'));
    assert.deepStrictEqual(back.frame.messages.map((message) => message.preview), expected);
  });

  test('frames written one after another on one thread each carry their own messages: a small frame after a large one, lane lists past the first lane block', () => {
    // The writers reuse one scratch per thread (columns, lane references, previews): what a frame carries is its own rows, never a leftover.
    const large: FeedMessage[] = Array.from({ length: 2_000 }, (_, index) => ({
      seq: index + 1,
      laneIds: ['lane-1', 'lane-2', 'lane-3'],
      channel: index % 2 === 0 ? channelA : channelB,
      receivedAt: 1_700_000_000_000 + index,
      sizeBytes: 100 + index,
      kind: 'json',
      preview: `{"n":${index},"pad":"${'p'.repeat(index % 40)}"}`,
      envelope: { type: `type-${index % 7}`, source: 'mushroom1', publishedAt: 1_700_000_000_000 + index },
      latencyMs: index / 4,
    }));
    const largeBytes = encodeBusMessage({ kind: 'frame', frame: feedFrame(large) });
    const small = MESSAGES.slice(1, 4);
    const smallBytes = encodeBusMessage({ kind: 'frame', frame: feedFrame(small) });
    assert.deepStrictEqual(decodeBusMessage(smallBytes), { kind: 'frame', frame: feedFrame(small) });
    assert.deepStrictEqual(decodeBusMessage(largeBytes), { kind: 'frame', frame: feedFrame(large) });
  });
});
