/**
 * Sequence checks in the feed: numbers per channel (a pattern lane holds
 * many), the default fields tried in order, a field set per lane, the cap
 * on channels, and the count a gap shows of the numbers lost across it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pack } from 'msgpackr';
import { DEFAULT_FEED_LIMITS } from '../../src/bus/feed/feedLimits';
import type { LaneRecord } from '../../src/bus/feed/laneRecord';
import { snapshotLane } from '../../src/bus/feed/laneRecord';
import { ProfileFeed } from '../../src/bus/feed/profileFeed';
import type { RawMessage } from '../../src/bus/sources/redisPubsub/hubSubscription';
import { MAX_SEQUENCE_CHANNELS, type FeedFrame, type FeedGap } from '../../src/shared/liveChannels';
import { newLaneRecord } from '../support/fakeHubSubscription';
import { readFeedFrame } from '../support/feedFrameSink';

function newFeed(target: LaneRecord['target'] = { kind: 'pattern', pattern: 'eeg:*' }): { feed: ProfileFeed; lane: LaneRecord; frames: FeedFrame[] } {
  const frames: FeedFrame[] = [];
  const feed = new ProfileFeed('lab', DEFAULT_FEED_LIMITS, (frame) => frames.push(readFeedFrame(frame)));
  const lane = newLaneRecord({ id: 'lane', target });
  feed.addLane(lane);
  return { feed, lane, frames };
}

function json(channel: string, value: unknown): RawMessage {
  return { channel: Buffer.from(channel), pattern: null, payload: Buffer.from(JSON.stringify(value)), receivedAt: Date.now() };
}

describe('sequence checks in the feed', () => {
  test('per channel: missing, late (taken off missing), repeated and restarted numbers', () => {
    const { feed, lane } = newFeed();
    // eeg:a 0 1 4 (2 missing) 3 (late: 1 missing) 4 (repeat) 0 (restart) 1; eeg:b 10 12 (1 missing), interleaved.
    const arrivals: [string, number][] = [['eeg:a', 0], ['eeg:b', 10], ['eeg:a', 1], ['eeg:a', 4], ['eeg:b', 12], ['eeg:a', 3], ['eeg:a', 4], ['eeg:a', 0], ['eeg:a', 1]];
    for (const [channel, seq] of arrivals) feed.ingest(lane, json(channel, { seq, value: 1 }));
    const sequence = snapshotLane(lane).sequence;
    feed.close();
    assert.deepStrictEqual(sequence, { field: 'seq', checked: 9, missing: 2, outOfOrder: 1, duplicates: 1, restarts: 1, channelsUntracked: 0 });
  });

  test('default fields are tried in order and the first found on a channel sticks; MessagePack is read too; unnumbered messages leave no sequence', () => {
    const { feed, lane } = newFeed();
    feed.ingest(lane, { channel: Buffer.from('eeg:m'), pattern: null, payload: pack({ data: { seq: 5 }, seq: 'not a number' }), receivedAt: Date.now() });
    feed.ingest(lane, { channel: Buffer.from('eeg:m'), pattern: null, payload: pack({ data: { seq: 7 }, sequence: 6 }), receivedAt: Date.now() });
    const afterMsgpack = snapshotLane(lane).sequence;
    const plain = newFeed();
    for (let index = 0; index < 20; index++) plain.feed.ingest(plain.lane, json('eeg:plain', { value: index }));
    const unnumbered = snapshotLane(plain.lane).sequence;
    feed.close();
    plain.feed.close();
    assert.deepStrictEqual({ afterMsgpack, unnumbered }, {
      afterMsgpack: { field: 'data.seq', checked: 2, missing: 1, outOfOrder: 0, duplicates: 0, restarts: 0, channelsUntracked: 0 },
      unnumbered: undefined,
    });
  });

  test("a lane's own field replaces the defaults and starts counting again; '' turns checks off; a field that cannot be read is refused in words", () => {
    const { feed, lane } = newFeed();
    feed.ingest(lane, json('eeg:a', { seq: 1, header: { n: 1 } }));
    feed.ingest(lane, json('eeg:a', { seq: 5, header: { n: 2 } }));
    assert.equal(lane.sequence.setField('header.n').ok, true);
    feed.ingest(lane, json('eeg:a', { seq: 6, header: { n: 4 } }));
    const ownField = snapshotLane(lane);
    assert.equal(lane.sequence.setField('').ok, true);
    feed.ingest(lane, json('eeg:a', { seq: 9, header: { n: 9 } }));
    const off = snapshotLane(lane);
    const refused = lane.sequence.setField('a..b');
    feed.close();
    assert.deepStrictEqual(
      { ownField: [ownField.sequenceField, ownField.sequence], off: [off.sequenceField, off.sequence], refused: refused.ok ? null : refused.error.message.startsWith('The sequence field: ') },
      {
        ownField: ['header.n', { field: 'header.n', checked: 1, missing: 0, outOfOrder: 0, duplicates: 0, restarts: 0, channelsUntracked: 0 }],
        off: ['', undefined],
        refused: true,
      },
    );
  });

  test(`at most ${MAX_SEQUENCE_CHANNELS} channels are tracked per lane; the others are counted, not checked`, () => {
    const { feed, lane } = newFeed();
    for (let index = 0; index < MAX_SEQUENCE_CHANNELS + 5; index++) feed.ingest(lane, json(`eeg:${index}`, { seq: 1 }));
    feed.ingest(lane, json('eeg:1003', { seq: 9 }));
    const sequence = snapshotLane(lane).sequence;
    feed.close();
    assert.deepStrictEqual(sequence, { field: 'seq', checked: MAX_SEQUENCE_CHANNELS, missing: 0, outOfOrder: 0, duplicates: 0, restarts: 0, channelsUntracked: 5 });
  });

  test('a gap says how many numbers went missing across it, per channel once however many lanes hear it', async () => {
    const { feed, lane, frames } = newFeed();
    const second = newLaneRecord({ id: 'lane-2', target: { kind: 'channel', name: 'eeg:a' } });
    feed.addLane(second);
    const both = (raw: RawMessage): void => {
      feed.ingest(lane, raw);
      if (raw.channel.toString() === 'eeg:a') feed.ingest(second, raw);
    };
    for (const seq of [1, 2, 3]) both(json('eeg:a', { seq }));
    both(json('eeg:b', { seq: 40 }));
    feed.handleReceivingState({ state: 'reconnecting', since: Date.now(), attempt: 1, lastError: { code: 'CONNECTION_LOST', message: 'The server closed the connection.' } } as never);
    feed.handleReceivingState({ state: 'ready', since: Date.now() } as never);
    // After the gap: eeg:a lost 4..9 (6), eeg:b lost 41..42 (2); a later skip on eeg:a is not the gap's.
    for (const seq of [10, 11, 13]) both(json('eeg:a', { seq }));
    both(json('eeg:b', { seq: 43 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const gaps = new Map<string, FeedGap>();
    for (const frame of frames) for (const gap of frame.gaps) gaps.set(gap.id, gap);
    feed.close();
    assert.deepStrictEqual(
      { lost: [...gaps.values()].map((gap) => gap.lostBySequence), missing: [snapshotLane(lane).sequence?.missing, snapshotLane(second).sequence?.missing] },
      { lost: [8], missing: [9, 7] },
    );
  });
});
