import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelStatsTracker, type ChannelRecord } from '../../src/bus/feed/channelStats';
import { FeedLog, type EvictionReason } from '../../src/bus/feed/feedLog';
import { hexDumpLines, toJsonSafeTree } from '../../src/bus/decode/messageDetail';
import { PauseBuffer, type PausedMessage } from '../../src/bus/feed/pauseBuffer';
import { fromWireFeedFrame } from '../../src/shared/feedFrameWire';
import { createSeededRandom } from '../../src/bus/simulator/seededRandom';

const stats = new ChannelStatsTracker(10);
const record: ChannelRecord = stats.record(Buffer.from('lab'), 0, 0);

const laneIds = ['lane-1'];

function append(log: FeedLog, text: string, costBytes: number, onEvict: (channelRecord: ChannelRecord, reason: EvictionReason) => void = () => undefined): number {
  const payload = Buffer.from(text);
  return log.append({ sizeBytes: payload.length, kind: 'text', preview: text }, laneIds, { stored: { store: payload, offset: 0, length: payload.length }, decoder: 'auto', channelRecord: record, receivedAt: 1_000 }, costBytes, onEvict);
}

describe('FeedLog', () => {
  test('evicts the oldest by count and by bytes, counts them, and finds and pages by seq', () => {
    const log = new FeedLog(4, 100);
    const evictions: [string, EvictionReason][] = [];
    const onEvict = (channelRecord: ChannelRecord, reason: EvictionReason): void => void evictions.push([channelRecord.display.text, reason]);
    const seqs = [1, 2, 3, 4, 5, 6].map((seq) => append(log, `m${seq}`, 10, onEvict));
    seqs.push(append(log, 'm7', 75, onEvict));
    assert.deepStrictEqual(
      {
        seqs,
        evictions,
        state: log.state(),
        found: [log.message(1)?.preview, log.message(6)?.preview, log.message(7)?.preview, log.message(8)?.preview],
        // What the next append would drop: none, the oldest for its bytes, all three for a large one.
        wouldEvict: [log.newestEvictedBy(0), log.newestEvictedBy(10), log.newestEvictedBy(90)],
        pages: [
          log.newestBefore(null, 2, (seq) => log.message(seq) ?? null).map((message) => message.seq),
          log.newestBefore(7, 5, (seq) => (seq === 5 ? null : (log.message(seq) ?? null))).map((message) => message.seq),
        ],
      },
      {
        seqs: [1, 2, 3, 4, 5, 6, 7],
        evictions: [['lab', 'count'], ['lab', 'count'], ['lab', 'count'], ['lab', 'bytes']],
        state: { heldMessages: 3, heldBytes: 95, capacityMessages: 4, capacityBytes: 100, evicted: 4, oldestSeq: 5 },
        found: [undefined, 'm6', 'm7', undefined],
        wouldEvict: [0, 5, 7],
        pages: [[7, 6], [6]],
      },
    );
  });

  test('grows past its first slots with the ring wrapped, holding exactly what a plain list would, in order', () => {
    const random = createSeededRandom(99);
    const log = new FeedLog(3000, 60_000);
    const model: { seq: number; text: string; cost: number }[] = [];
    let modelBytes = 0;
    for (let index = 1; index <= 6000; index++) {
      // Large ones early make room by bytes (moving the ring's start); then small ones fill it past its first slots, so it grows wrapped.
      const cost = index <= 300 && random() < 0.05 ? 5_000 + Math.floor(random() * 20_000) : 10 + Math.floor(random() * 30);
      const seq = append(log, `m${index}`, cost);
      model.push({ seq, text: `m${index}`, cost });
      modelBytes += cost;
      while ((model.length > 3000 || modelBytes > 60_000) && model.length > 1) modelBytes -= model.shift()!.cost;
      if (index % 500 === 0) {
        const held = log.newestBefore(null, 5000, (heldSeq) => log.message(heldSeq) ?? null).map((message) => message.preview);
        assert.deepStrictEqual(held, model.map((entry) => entry.text).reverse(), `after ${index} messages`);
        const seqs = model.slice(-700).map((entry) => entry.seq);
        const wire = fromWireFeedFrame({ ...emptyFrame, messages: log.writeWire(seqs) }).messages.map((message) => message.preview);
        assert.deepStrictEqual(wire, model.slice(-700).map((entry) => entry.text));
      }
    }
    assert.deepStrictEqual([log.state().heldMessages, log.state().heldBytes, log.state().evicted > 0, model.length > 1024], [model.length, modelBytes, true, true]);
  });

  test('keeps a single message larger than the byte budget alone', () => {
    const log = new FeedLog(10, 100);
    append(log, 'small', 10);
    append(log, 'large', 500);
    assert.deepStrictEqual(log.state(), { heldMessages: 1, heldBytes: 500, capacityMessages: 10, capacityBytes: 100, evicted: 1, oldestSeq: 2 });
  });

  test('a pending message is a placeholder until completed; its frame columns read back as the message, envelope included', () => {
    const log = new FeedLog(10, 10_000);
    const payload = Buffer.from('{"type":"raw","ts":1700000000}');
    const seq = log.append(null, laneIds, { stored: { store: Buffer.concat([Buffer.from('xx'), payload]), offset: 2, length: payload.length }, decoder: 'json', channelRecord: record, receivedAt: 1_700_000_000_250 }, 100, () => undefined);
    const placeholder = log.message(seq);
    const wasPending = log.isPending(seq);
    const decodedWith: unknown[] = [];
    log.complete(seq, (held) => {
      decodedWith.push([held.payload.toString(), held.decoder, held.receivedAt]);
      return { sizeBytes: payload.length, kind: 'json', preview: payload.toString(), envelope: { type: 'raw', publishedAt: 1_700_000_000_000 }, latencyMs: 250 };
    });
    log.complete(seq, () => assert.fail('a completed message is not decoded again'));
    const completed = log.message(seq);
    const wire = fromWireFeedFrame({ ...emptyFrame, messages: log.writeWire([seq]) }).messages;
    assert.deepStrictEqual(
      { placeholder, wasPending, decodedWith, isPending: log.isPending(seq), wire },
      {
        placeholder: { seq, laneIds, channel: record.display, receivedAt: 1_700_000_000_250, sizeBytes: payload.length, kind: 'binary', preview: '' },
        wasPending: true,
        decodedWith: [[payload.toString(), 'json', 1_700_000_000_250]],
        isPending: false,
        wire: [completed],
      },
    );
    assert.deepStrictEqual(completed?.envelope, { type: 'raw', publishedAt: 1_700_000_000_000 });
  });
});

const emptyFrame = {
  kind: 'feed' as const,
  profileId: 'lab',
  seq: 1,
  at: 0,
  gaps: [],
  lanes: [],
  channels: [],
  history: { heldMessages: 0, heldBytes: 0, capacityMessages: 0, capacityBytes: 0, evicted: 0, oldestSeq: 1 },
  removedFromLanes: [],
  dropped: {},
};

describe('PauseBuffer', () => {
  test('drops the oldest when full by count or bytes, and releases the rest oldest first', () => {
    const buffer = new PauseBuffer(3, 50);
    const item = (n: number, costBytes = 10): PausedMessage => ({
      fields: { sizeBytes: n, kind: 'text', preview: `p${n}` },
      channelRecord: record,
      payload: Buffer.alloc(0),
      decoder: 'auto',
      receivedAt: n,
      costBytes,
    });
    const dropped = [1, 2, 3, 4].flatMap((n) => buffer.push(item(n))).map((held) => held.receivedAt);
    const droppedForBytes = buffer.push(item(5, 35)).map((held) => held.receivedAt);
    const state = buffer.state();
    const released = buffer.drain().map((held) => held.receivedAt);
    assert.deepStrictEqual(
      { dropped, droppedForBytes, state, released, after: buffer.state() },
      {
        dropped: [1],
        droppedForBytes: [2, 3],
        state: { heldMessages: 2, heldBytes: 45, capacityMessages: 3, capacityBytes: 50, dropped: 3 },
        released: [4, 5],
        after: { heldMessages: 0, heldBytes: 0, capacityMessages: 3, capacityBytes: 50, dropped: 3 },
      },
    );
  });
});

describe('ChannelStatsTracker', () => {
  test('rates over the last five seconds, totals and drops, busiest first, forgetting the least recent channel', () => {
    const tracker = new ChannelStatsTracker(2);
    const second = 1_700_000_000_000;
    for (let index = 0; index < 50; index++) tracker.record(Buffer.from('eeg'), 100, second + index * 20);
    const quiet = tracker.record(Buffer.from('alerts'), 10, second + 500);
    tracker.countDrop(quiet, 'pause-buffer-full', 2);
    const busy = tracker.snapshot(second + 4_000, 10).map(({ channel, messagesPerSecond, bytesPerSecond, total, dropped }) => ({
      name: channel.text,
      messagesPerSecond,
      bytesPerSecond,
      total,
      dropped,
    }));
    tracker.record(Buffer.from('third'), 1, second + 4_100);
    const afterThird = tracker.snapshot(second + 4_100, 10).map((stats) => stats.channel.text);
    const later = tracker.snapshot(second + 20_000, 10).map((stats) => stats.messagesPerSecond);
    assert.deepStrictEqual(
      { busy, afterThird, later, isDueWhenQuiet: tracker.isDue(tracker.snapshot(second + 20_000, 10)) },
      {
        busy: [
          { name: 'eeg', messagesPerSecond: 12.5, bytesPerSecond: 1250, total: 50, dropped: {} },
          { name: 'alerts', messagesPerSecond: 0.3, bytesPerSecond: 2.9, total: 1, dropped: { 'pause-buffer-full': 2 } },
        ],
        afterThird: ['third', 'alerts'],
        later: [0, 0],
        isDueWhenQuiet: false,
      },
    );
  });
});

describe('message detail', () => {
  test('the tree is JSON-safe and capped in nodes, depth, strings and binary', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let level = 0; level < 5; level++) cursor = (cursor.next = {}) as Record<string, unknown>;
    const tree = toJsonSafeTree(
      { list: [1, 2, 3, 4, 5], text: 'abcdef', blob: new Uint8Array([1, 2, 3]), big: 12n, map: new Map([[7, 'one']]), deep, __proto__x: Number.POSITIVE_INFINITY },
      { maxNodes: 12, maxDepth: 3, maxStringChars: 4, maxBinaryBytes: 2 },
    );
    assert.deepStrictEqual(tree, {
      list: [1, 2, 3, 4, 5],
      text: 'abcd… (+2 characters)',
      blob: { $binary: '0102', $truncated: 1 },
      big: '12',
      map: { 7: 'one' },
      $truncated: 2,
    });
    assert.deepStrictEqual(JSON.parse(JSON.stringify(toJsonSafeTree({ deep }, { maxNodes: 100, maxDepth: 3, maxStringChars: 9, maxBinaryBytes: 9 }))), {
      deep: { next: { next: { $truncated: 1 } } },
    });
  });

  test('the hex dump uses the hexdump -C layout and is capped in lines', () => {
    const bytes = Buffer.from('{"a":1}\n\u0000ABCDEFGHIJ', 'latin1');
    assert.deepStrictEqual(hexDumpLines(bytes, 1), [
      '00000000  7b 22 61 22 3a 31 7d 0a  00 41 42 43 44 45 46 47  |{"a":1}..ABCDEFG|',
      '… +3 more bytes',
    ]);
    assert.deepStrictEqual(hexDumpLines(Buffer.from('xyz'), 4), ['00000000  78 79 7a                                          |xyz|']);
  });
});
