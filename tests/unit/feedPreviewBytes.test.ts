import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FEED_LIMITS } from '../../src/bus/feed/feedLimits';
import { previewOfPayload } from '../../src/bus/feed/feedMessageBuilder';
import { ProfileFeed } from '../../src/bus/feed/profileFeed';
import { FRAME_INTERVAL_MS } from '../../src/shared/contract';
import type { FeedFrame } from '../../src/shared/liveChannels';
import { newLaneRecord } from '../support/fakeHubSubscription';
import { readFeedFrame } from '../support/feedFrameSink';

/** JSON whose preview is its own text, and JSON whose preview is not (trimmed, escaped, capped, a byte order mark). */
const PAYLOADS: readonly Buffer[] = [
  '{"device":"mushroom1","co2":612}',
  '{"text":"Grüße 😀 עברית 日本語"}',
  '[1,2.50,3e2,"x"]',
  '{"a": 1, "b" : [ true ,null ]}',
  '  {"padded":true}  ',
  '{"line":1,\n"two":2}',
  '{"escaped":"tab\\tquote\\"\\u0007"}',
  '{"raw separator":"a\u2028b"}',
  `{"long":"${'y'.repeat(300)}"}`,
  '"just a string"',
].map((text) => Buffer.from(text, 'utf8')).concat([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":1}')])]);

describe('previews that are the payload\'s own bytes', () => {
  test('frames, the history and a resumed lane show each JSON preview as the string preview would, byte for byte', async () => {
    const frames: FeedFrame[] = [];
    const feed = new ProfileFeed('lab', DEFAULT_FEED_LIMITS, (frame) => frames.push(readFeedFrame(frame)));
    const live = newLaneRecord({ id: 'live', target: { kind: 'channel', name: 'lab:a' } });
    const paused = newLaneRecord({ id: 'paused', target: { kind: 'channel', name: 'lab:b' }, isPaused: true });
    feed.addLane(live);
    feed.addLane(paused);
    for (const payload of PAYLOADS) {
      // A view of a larger chunk, as the sources hand payloads over: the history keeps its own copy.
      const chunk = Buffer.concat([Buffer.from('xx'), payload, Buffer.from('yy')]);
      const view = chunk.subarray(2, 2 + payload.length);
      feed.ingest(live, { channel: Buffer.from('lab:a'), pattern: null, payload: view, receivedAt: 1_000 });
      feed.ingest(paused, { channel: Buffer.from('lab:b'), pattern: null, payload: Buffer.from(payload), receivedAt: 1_000 });
      chunk.fill(0x21);
    }
    feed.resume(paused);
    await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS * 3));
    const expected = PAYLOADS.map((payload) => previewOfPayload(payload, 'auto'));
    const framed = frames.flatMap((frame) => frame.messages);
    const previewsOf = (laneId: string, messages: { laneIds: string[]; preview: string }[]): string[] => messages.filter((message) => message.laneIds.includes(laneId)).map((message) => message.preview);
    const recent = feed.recent(null, 100).reverse();
    const details = recent.map((message) => feed.messageDetail(message.seq));
    feed.close();
    assert.deepStrictEqual(
      { frameLive: previewsOf('live', framed), frameResumed: previewsOf('paused', framed), recentLive: previewsOf('live', recent), details: details.every((detail) => detail.ok) },
      { frameLive: expected, frameResumed: expected, recentLive: expected, details: true },
    );
  });
});
