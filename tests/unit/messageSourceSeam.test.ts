/**
 * Lanes and plots run on any MessageSource: here a FakeMessageSource, not
 * Redis, delivers the messages and changes the states; the router hands a
 * target's subscription to the source its kind belongs to.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { LiveChannels } from '../../src/bus/feed/liveChannels';
import { PlotService } from '../../src/bus/plots/plotService';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import type { LaneTarget } from '../../src/shared/liveChannels';
import type { PlotFrame, PlotSpec } from '../../src/shared/plots';
import { FakeMessageSource } from '../support/FakeMessageSource';
import { FrameSink } from '../support/feedFrameSink';
import { until, valueOf } from '../support/waitUntil';

const PROFILE_ID = 'lab';
const START_MS = 1_700_000_000_000;
const TEMPERATURE: LaneTarget = { kind: 'channel', name: 'bench:temperature' };
const ALL_BENCHES: LaneTarget = { kind: 'pattern', pattern: 'bench:*' };

const disposers: Array<() => void> = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

function openLanes(source: FakeMessageSource): { live: LiveChannels; sink: FrameSink } {
  const sink = new FrameSink();
  const live = new LiveChannels({ source, connections: { commandClient: () => undefined }, emitFrame: sink.emit });
  disposers.push(() => live.dispose());
  return { live, sink };
}

function reading(celsius: number): string {
  return JSON.stringify({ type: 'reading', data: { celsius } });
}

describe('lanes on a FakeMessageSource', () => {
  test('a lane receives, filters and frames the messages the source delivers, and only those of its target', async () => {
    const source = new FakeMessageSource();
    const { live, sink } = openLanes(source);
    const lane = valueOf(await live.addLane(PROFILE_ID, TEMPERATURE, 'auto'));
    valueOf(await live.updateLane(PROFILE_ID, lane.id, { filter: 'data.celsius > 20' }));
    source.deliver(PROFILE_ID, TEMPERATURE, { channel: 'bench:temperature', payload: reading(19.5), receivedAt: START_MS, sequence: 1 });
    source.deliver(PROFILE_ID, TEMPERATURE, { channel: 'bench:temperature', payload: reading(21.5), receivedAt: START_MS + 1, sequence: 2 });
    source.deliver(PROFILE_ID, { kind: 'channel', name: 'bench:humidity' }, { channel: 'bench:humidity', payload: reading(40), receivedAt: START_MS + 2 });
    source.deliver(PROFILE_ID, TEMPERATURE, { channel: 'bench:temperature', payload: reading(22), receivedAt: START_MS + 3, sequence: 3 });
    const counted = await until('the lane counting three messages', () => {
      const framed = sink.lane(lane.id);
      return framed?.counters.received === 3 && framed;
    });
    assert.deepStrictEqual(
      {
        counters: counted.counters,
        subscription: counted.subscription.state,
        messages: sink.messages().map((message) => ({ channel: message.channel.text, kind: message.kind, preview: message.preview, laneIds: message.laneIds })),
      },
      {
        counters: { received: 3, shown: 2, filteredOut: 1 },
        subscription: 'active',
        messages: [
          { channel: 'bench:temperature', kind: 'json', preview: '{"type":"reading","data":{"celsius":21.5}}', laneIds: [lane.id] },
          { channel: 'bench:temperature', kind: 'json', preview: '{"type":"reading","data":{"celsius":22}}', laneIds: [lane.id] },
        ],
      },
    );
  });

  test("the source's states reach the lane: a target interrupted and back, a receiving gap, a refusal, not ready", async () => {
    const source = new FakeMessageSource();
    const { live, sink } = openLanes(source);
    const lane = valueOf(await live.addLane(PROFILE_ID, ALL_BENCHES, 'auto'));
    source.setSubscriptionState(PROFILE_ID, ALL_BENCHES, { state: 'interrupted', since: START_MS });
    const interrupted = await until('the lane interrupted', () => sink.lane(lane.id)?.subscription.state === 'interrupted');
    const lostError = { code: 'CONNECTION_LOST' as const, message: 'The bench bridge stopped answering.' };
    source.setReceiving(PROFILE_ID, { state: 'reconnecting', since: START_MS + 10, attempt: 1, lastError: lostError, nextRetryAt: START_MS + 20 });
    source.setReceiving(PROFILE_ID, { state: 'ready', since: START_MS + 30, lastGap: { from: START_MS + 10, to: START_MS + 30 } });
    source.setSubscriptionState(PROFILE_ID, ALL_BENCHES, { state: 'active', since: START_MS + 30 });
    const gap = await until('a closed gap', () => sink.gaps().find((found) => found.to !== null));
    const active = await until('the lane active again', () => sink.lane(lane.id)?.subscription.state === 'active');
    source.refuse(TEMPERATURE, { code: 'NOPERM', message: 'This user may not listen to bench:temperature.' });
    const refused = await live.addLane(PROFILE_ID, TEMPERATURE, 'auto');
    source.setReceiving('other', { state: 'connecting', since: START_MS });
    const notReady = await live.addLane('other', TEMPERATURE, 'auto');
    assert.deepStrictEqual(
      {
        interrupted,
        gap: { from: gap.from, to: gap.to, reason: gap.reason },
        active,
        refused: refused.ok ? 'ok' : refused.error.message,
        notReady: notReady.ok ? 'ok' : notReady.error.code,
        lanes: live.lanes(PROFILE_ID).map((held) => held.id),
      },
      {
        interrupted: true,
        gap: { from: START_MS + 10, to: START_MS + 30, reason: 'Connection to the server lost: The bench bridge stopped answering.' },
        active: true,
        refused: 'This user may not listen to bench:temperature.',
        notReady: 'NOT_CONNECTED',
        lanes: [lane.id],
      },
    );
  });
});

describe('plots on a FakeMessageSource', () => {
  test('a plot draws the numeric fields of the messages the source delivers', async () => {
    const source = new FakeMessageSource();
    const frames: PlotFrame[] = [];
    const plots = new PlotService({ source, frameIntervalMs: 0, emitFrame: (frame) => frames.push(frame) });
    disposers.push(() => plots.dispose());
    const spec: PlotSpec = { kind: 'telemetry', target: { kind: 'channel', name: 'bench:temperature' }, fieldPaths: ['data.celsius'], match: null, timeSource: 'receive', windowSeconds: 60, pixelWidth: 200 };
    const opened = valueOf(await plots.open(PROFILE_ID, spec));
    for (const [index, celsius] of [19.5, 21.5, 22].entries()) {
      source.deliver(PROFILE_ID, TEMPERATURE, { channel: 'bench:temperature', payload: reading(celsius), receivedAt: START_MS + index * 1000 });
    }
    plots.flushFrames(1000);
    assert.deepStrictEqual(
      frames.map((frame) => ({ plotId: frame.plotId, seriesNames: frame.seriesNames, x: [...frame.x], y: [...frame.ys[0]!] })),
      [{ plotId: opened.plotId, seriesNames: ['data.celsius'], x: [START_MS / 1000, START_MS / 1000 + 1, START_MS / 1000 + 2], y: [19.5, 21.5, 22] }],
    );
  });
});

describe('source router', () => {
  test('hands channels and patterns to the Redis pub/sub source, with its own subscription and receiving states', async () => {
    const pubsub = new FakeMessageSource();
    const router = new SourceRouter({ redisPubsub: pubsub, redisStream: new FakeMessageSource() });
    const received: string[] = [];
    const states: string[] = [];
    const stop = router.onDidChangeReceiving((profileId, state) => states.push(`${profileId} ${state.state}`));
    const channel = router.subscribe(PROFILE_ID, TEMPERATURE, (message) => received.push(`channel ${message.payload.toString()}`));
    const pattern = router.subscribe(PROFILE_ID, ALL_BENCHES, (message) => received.push(`pattern ${message.payload.toString()}`));
    pubsub.deliver(PROFILE_ID, TEMPERATURE, { channel: 'bench:temperature', payload: 'one', receivedAt: START_MS });
    pubsub.deliver(PROFILE_ID, ALL_BENCHES, { channel: 'bench:humidity', payload: 'two', receivedAt: START_MS });
    pubsub.setReceiving(PROFILE_ID, { state: 'closed', since: START_MS });
    stop();
    pubsub.setReceiving(PROFILE_ID, { state: 'idle' });
    assert.deepStrictEqual(
      {
        isSameHandle: [channel === pubsub.subscriptions[0], pattern === pubsub.subscriptions[1]],
        settled: [(await channel.whenSettled()).state, (await pattern.whenSettled()).state],
        received,
        states,
        receiving: router.receivingState(PROFILE_ID).state,
      },
      {
        isSameHandle: [true, true],
        settled: ['active', 'active'],
        received: ['channel one', 'pattern two'],
        states: ['lab closed'],
        receiving: 'idle',
      },
    );
  });

  test('hands stream keys to the stream source, and only those', async () => {
    const pubsub = new FakeMessageSource();
    const streams = new FakeMessageSource();
    const router = new SourceRouter({ redisPubsub: pubsub, redisStream: streams });
    const received: string[] = [];
    const tail = router.subscribe(PROFILE_ID, { kind: 'stream', key: 'lab:tasks' }, (message) => received.push(`${message.channel.toString()} ${message.payload.toString()}`));
    streams.deliver(PROFILE_ID, { kind: 'stream', key: 'lab:tasks' }, { channel: 'lab:tasks', payload: 'entry', receivedAt: START_MS });
    assert.deepStrictEqual(
      { isSameHandle: tail === streams.subscriptions[0], pubsubSubscriptions: pubsub.subscriptions.length, settled: (await tail.whenSettled()).state, received },
      { isSameHandle: true, pubsubSubscriptions: 0, settled: 'active', received: ['lab:tasks entry'] },
    );
  });
});
