/** The demo's stream work against a real redis-server: poison entries reach the dead letters after three deliveries; one consumer stalls. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { DEMO_DEAD_LETTERS, DEMO_STALLED_CONSUMER, DEMO_TASK_GROUP, DEMO_TASK_STREAM, DemoStreamWork, MAX_DELIVERIES } from '../../src/bus/simulator/streamWork/demoStreamWork';
import { serviceOver } from '../support/deadLetterFixtures';
import { startRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();

test('workers ack good tasks, move poison ones after three deliveries, and one consumer stalls', async () => {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  const client = new Redis({ port: server.port, host: '127.0.0.1' });
  cleanups.push(() => client.disconnect());
  const work = new DemoStreamWork(() => client, 7);
  cleanups.push(() => work.stop());
  work.start();
  let length = 0;
  await until('dead letters moved', () => {
    void client.xlen(DEMO_DEAD_LETTERS).then((value) => (length = value));
    return length > 0;
  }, 30_000);
  work.stop();
  const page = valueOf(await serviceOver(client).entries('lab', DEMO_DEAD_LETTERS, null, 10));
  const first = page.entries[page.entries.length - 1]!;
  assert.deepEqual(
    [first.layout, first.origin, first.group, first.deliveries, first.reason, first.fields.map((field) => field.name.text)],
    ['labwire', DEMO_TASK_STREAM, DEMO_TASK_GROUP, MAX_DELIVERIES, `payload is not valid JSON (failed ${MAX_DELIVERIES} times)`, ['id', 'from', 'to', 'type', 'payload', 'timestamp', 'priority', 'ttl', 'correlation_id']],
  );
  const consumers = (await client.xinfo('CONSUMERS', DEMO_TASK_STREAM, DEMO_TASK_GROUP)) as Array<Array<string | number>>;
  const stalled = consumers.find((row) => row[1] === DEMO_STALLED_CONSUMER);
  assert.equal(stalled?.[3], 4, 'the stalled consumer keeps its four entries pending');
  assert.equal(work.lastProblem, null);
});
