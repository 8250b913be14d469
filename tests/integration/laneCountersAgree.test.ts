/**
 * A lane receiving a record at a time from a real redis-server, its frames
 * read back as a window reads them. The window's lane line takes its
 * counters from the frames that brought its rows (laneCountersFromFeed.ts),
 * because the lane list it holds is a moment old; this checks what that
 * relies on: a frame's lane counters count every row it and earlier frames
 * carried, while a lane list taken before a record does not.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Redis } from 'ioredis';
import type { TestRedisServer } from '../support/redisServer';
import { openLiveFeed } from '../support/openLiveFeed';
import { connectPlainClient, startSuiteServer } from '../support/suiteRedis';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let server: TestRedisServer;
let publisher: Redis;

before(async () => {
  server = await startSuiteServer(cleanups);
  publisher = await connectPlainClient(cleanups, server);
});

test("each record: the frame carrying it counts it in the lane's counters; the lane list taken before it does not", async () => {
  const { live, sink, profileId } = await openLiveFeed(cleanups, 'profile-counters', { host: '127.0.0.1', port: server.port, db: 0 });
  const frames = sink.frames;
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
});
