import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChannelStatsTracker, type ChannelRecord } from '../../src/main/bus/pubsub/channelStats';
import { FeedHistory, type EvictionReason, type HistoryEntry } from '../../src/main/bus/pubsub/feedHistory';
import { hexDumpLines, toJsonSafeTree } from '../../src/main/bus/pubsub/messageDetail';
import { PauseBuffer, type PausedMessage } from '../../src/main/bus/pubsub/pauseBuffer';

const stats = new ChannelStatsTracker(10);
const record: ChannelRecord = stats.record(Buffer.from('lab'), 0, 0);

function entry(seq: number, costBytes: number): HistoryEntry {
  return {
    message: { seq, laneIds: ['lane-1'], channel: record.display, receivedAt: seq, sizeBytes: costBytes, kind: 'text', preview: `m${seq}` },
    channel: record.bytes,
    payload: Buffer.alloc(0),
    decoder: 'auto',
    channelRecord: record,
    costBytes,
  };
}

describe('FeedHistory', () => {
  test('evicts the oldest by count and by bytes, counts them, and finds and pages by seq', () => {
    const history = new FeedHistory(4, 100);
    const evictions: [number, EvictionReason][] = [];
    const onEvict = (evicted: HistoryEntry, reason: EvictionReason): void => void evictions.push([evicted.message.seq, reason]);
    for (let seq = 1; seq <= 6; seq++) history.append(entry(seq, 10), onEvict);
    history.append(entry(7, 75), onEvict);
    assert.deepStrictEqual(
      {
        evictions,
        state: history.state(),
        found: [history.get(1)?.message.seq, history.get(6)?.message.seq, history.get(7)?.message.seq, history.get(8)?.message.seq],
        pages: [
          history.newestBefore(null, 2, (held) => held.message).map((message) => message.seq),
          history.newestBefore(7, 5, (held) => (held.message.seq === 5 ? null : held.message)).map((message) => message.seq),
        ],
      },
      {
        evictions: [[1, 'count'], [2, 'count'], [3, 'count'], [4, 'bytes']],
        state: { heldMessages: 3, heldBytes: 95, capacityMessages: 4, capacityBytes: 100, evicted: 4 },
        found: [undefined, 6, 7, undefined],
        pages: [[7, 6], [6]],
      },
    );
  });

  test('keeps a single entry larger than the byte budget alone', () => {
    const history = new FeedHistory(10, 100);
    history.append(entry(1, 10), () => undefined);
    history.append(entry(2, 500), () => undefined);
    assert.deepStrictEqual(history.state(), { heldMessages: 1, heldBytes: 500, capacityMessages: 10, capacityBytes: 100, evicted: 1 });
  });
});

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
