import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import type { PlotSubscription, PlotMessageSource, SourceMessage } from '../../src/bus/plots/plotSource';
import { MAX_TRACKED_CHANNELS, samplePathOf, StreamFinder } from '../../src/bus/plots/streamFinder';
import { laneTargetName, type LaneSubscription, type LaneTarget } from '../../src/shared/liveChannels';

const START_MS = 1_700_000_000_000;

/** Stands in for the subscription hub: records the patterns asked for; refuses those the test names. */
class FakePatternHub implements PlotMessageSource {
  readonly patterns: string[] = [];
  constructor(private readonly refused: readonly string[] = []) {}

  subscribe(_profileId: string, target: LaneTarget): PlotSubscription {
    const pattern = laneTargetName(target);
    this.patterns.push(pattern);
    const state: LaneSubscription = this.refused.includes(pattern)
      ? { state: 'refused', since: START_MS, error: { code: 'NOPERM', message: 'No permission.' } }
      : { state: 'active', since: START_MS };
    return { state: () => state, whenSettled: async () => state, unsubscribe: async () => undefined };
  }
}

function message(channel: string | Buffer, value: unknown, receivedAt: number, encoding: 'json' | 'msgpack' = 'msgpack'): SourceMessage {
  const payload = encoding === 'json' ? Buffer.from(JSON.stringify(value)) : pack(value);
  return { channel: typeof channel === 'string' ? Buffer.from(channel) : channel, pattern: Buffer.from('*'), payload, receivedAt };
}

function eegFrame(channelCount: number): unknown {
  const channels: Record<string, number> = {};
  for (let index = 0; index < channelCount; index++) channels[`Ch${index}`] = index * 1.5;
  return { type: 'raw', timestamp: START_MS / 1000, channels };
}

/** `count` messages a second for `seconds` seconds. */
function stream(finder: StreamFinder, channel: string, value: unknown, ratePerSecond: number, seconds: number, encoding: 'json' | 'msgpack' = 'msgpack'): void {
  for (let index = 0; index < ratePerSecond * seconds; index++) finder.receive(message(channel, value, START_MS + (index * 1000) / ratePerSecond, encoding));
}

describe('StreamFinder', () => {
  test('offers user:*:raw channels and fast multichannel samples from the traffic, not slow telemetry or ordinary channels', () => {
    const finder = new StreamFinder('lab', new FakePatternHub());
    stream(finder, 'user:alice:raw', eegFrame(8), 100, 3);
    stream(finder, 'user:bob:raw', eegFrame(16), 100, 3);
    stream(finder, 'lab:amp:samples', { samples: { a: 1, b: 2, c: 3, d: 4, e: 5 } }, 50, 3, 'json');
    stream(finder, 'devices:telemetry', { data: { device_id: 'm1', telemetry: { temperature: 21, humidity: 40, co2: 400, tvoc: 3 } } }, 1, 3, 'json');
    stream(finder, 'task_updates', { task_id: 't', progress: 5 }, 20, 3, 'json');

    const offers = finder.offers(START_MS + 3000);
    assert.deepEqual(
      offers.streams.map(({ channel, fieldPath, reason }) => ({ channel, fieldPath, reason })),
      [
        { channel: 'user:alice:raw', fieldPath: 'channels.*', reason: 'name' },
        { channel: 'user:bob:raw', fieldPath: 'channels.*', reason: 'name' },
        { channel: 'lab:amp:samples', fieldPath: 'samples.*', reason: 'shape' },
      ],
    );
    assert.equal(offers.scope, 'all-channels');
    assert.equal(offers.streams[0]!.messagesPerSecond, 100);
  });

  test('listens to every channel, and to user:*:raw alone when the server refuses that', () => {
    const hub = new FakePatternHub(['*']);
    const finder = new StreamFinder('lab', hub);
    assert.equal(finder.offers().scope, 'none');
    finder.adaptToRefusals();
    finder.adaptToRefusals();
    assert.deepEqual(hub.patterns, ['*', 'user:*:raw']);
    assert.equal(finder.offers().scope, 'eeg-channels');
  });

  test('tracks at most MAX_TRACKED_CHANNELS channels and counts the ones it forgot; names that are not text are not offered', () => {
    const finder = new StreamFinder('lab', new FakePatternHub());
    for (let index = 0; index < MAX_TRACKED_CHANNELS + 10; index++) finder.receive(message(`user:u${index}:raw`, eegFrame(4), START_MS + index));
    finder.receive(message(Buffer.from([0x75, 0xff, 0x3a]), eegFrame(4), START_MS));
    const offers = finder.offers(START_MS + 1000);
    assert.equal(offers.streams.length, MAX_TRACKED_CHANNELS);
    assert.equal(offers.forgottenChannels, 10);
    assert.equal(offers.streams.some((offered) => offered.channel === 'user:u0:raw'), false);
  });

  test('finds the samples at the root, one or two levels down, and nowhere else', () => {
    assert.equal(samplePathOf({ a: 1, b: 2, c: 3, d: Number.NaN }, '', 0), '*');
    assert.equal(samplePathOf({ type: 'raw', data: { channels: { Fp1: 1, Fp2: 2, C3: 3, C4: 4 } } }, '', 0), 'data.channels.*');
    assert.equal(samplePathOf({ a: 1, b: 2, c: 3 }, '', 0), null);
    assert.equal(samplePathOf([1, 2, 3, 4, 5], '', 0), null);
    assert.equal(samplePathOf({ x: { y: { z: { a: 1, b: 2, c: 3, d: 4 } } } }, '', 0), null);
  });
});
