/**
 * A lane receiving a record at a time from a real redis-server, its frames
 * read back as a window reads them. The window's lane line takes its
 * counters from the frames that brought its rows (laneCountersFromFeed.ts),
 * because the lane list it holds is a moment old; this checks what that
 * relies on: a frame's lane counters count every row it and earlier frames
 * carried, while a lane list taken before a record does not.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { LiveChannels } from '../../src/bus/feed/liveChannels';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import type { FeedFrame } from '../../src/shared/liveChannels';
import { readFeedFrame } from '../support/feedFrameSink';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { until, valueOf } from '../support/waitUntil';

let server: TestRedisServer;
let publisher: Redis;

before(async () => {
  server = await startRedisServer();
  publisher = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, retryStrategy: () => null });
  publisher.on('error', () => undefined);
  await publisher.connect();
});

after(async () => {
  publisher.disconnect();
  await server.stop();
});

test("each record: the frame carrying it counts it in the lane's counters; the lane list taken before it does not", async () => {
  const profileId = 'profile-counters';
  const recorder = new ConnectionStateRecorder();
  const hubRef: { hub?: SubscriptionHub } = {};
  const registry = new ConnectionRegistry({
    onDidChangeState: (id, state) => {
      hubRef.hub?.handleConnectionState(id, state);
      recorder.listeners.onDidChangeState(id, state);
    },
    onDidReadFacts: recorder.listeners.onDidReadFacts,
  });
  const hub = new SubscriptionHub(registry);
  hubRef.hub = hub;
  const frames: FeedFrame[] = [];
  const live = new LiveChannels({
    source: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
    connections: registry,
    emitFrame: (frame) => frames.push(readFeedFrame(frame)),
  });
  try {
    registry.open(profileId, { host: '127.0.0.1', port: server.port, db: 0 });
    await recorder.waitForState(profileId, (state) => state.state === 'ready', 5_000);
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'bridge:serial-1:records' }, 'auto'));
    await until('the lane subscribed', () => live.lanes(profileId)[0]?.subscription.state === 'active');
    let rows = 0;
    let pushedReceived = 0;
    let read = 0;
    for (let record = 1; record <= 8; record++) {
      // The window's lane list, as polled just before this record arrived.
      const listed = live.lanes(profileId).find((candidate) => candidate.id === lane.id)!;
      await publisher.publish('bridge:serial-1:records', JSON.stringify({ type: 'reading', record }));
      await until(`record ${record} in a frame`, () => frames.flatMap((frame) => frame.messages).filter((message) => message.laneIds.includes(lane.id)).length === record);
      for (; read < frames.length; read++) {
        const frame = frames[read]!;
        rows += frame.messages.filter((message) => message.laneIds.includes(lane.id)).length;
        pushedReceived = frame.lanes.find((candidate) => candidate.id === lane.id)?.counters.received ?? pushedReceived;
        assert.ok(pushedReceived >= rows, `frame ${frame.seq}: ${pushedReceived} received but ${rows} rows`);
      }
      assert.equal(pushedReceived, record);
      assert.equal(listed.counters.received, record - 1, 'the lane list from before the record is a record behind the rows');
    }
  } finally {
    live.dispose();
    hub.dispose();
    await registry.dispose();
  }
});
