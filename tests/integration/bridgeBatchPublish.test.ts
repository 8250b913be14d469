/**
 * BatchPublisher against a real redis-server: a batch reaches a plain
 * ioredis subscriber record for record, on the right channels and in order,
 * whether it goes as channel runs (one channel for many records), as pairs
 * (a channel per record) or, on a server whose ACL refuses EVAL, as a
 * pipeline of PUBLISHes.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Redis } from 'ioredis';
import { isShorterAsRuns } from '../../src/bus/bridges/batchEncoding';
import { BatchPublisher } from '../../src/bus/bridges/batchPublisher';
import type { WaitingRecord } from '../../src/bus/bridges/publishBuffer';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let server: TestRedisServer;
let subscriber: Redis;
const heard: string[] = [];

before(async () => {
  server = await startRedisServer();
  cleanups.push(() => server.stop());
  subscriber = new Redis({ port: server.port, lazyConnect: true });
  cleanups.push(() => subscriber.quit().then(() => undefined));
  await subscriber.connect();
  await subscriber.psubscribe('batch:*');
  subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, payload: Buffer) => heard.push(`${channel.toString()} ${payload.toString()}`));
});


function records(channelOf: (index: number) => string, count: number, tag: string): WaitingRecord[] {
  return Array.from({ length: count }, (_, index) => ({ channel: channelOf(index), payload: Buffer.from(`{"${tag}":${index}}`) }));
}

async function publishAndHear(publisher: BatchPublisher, client: Redis, batch: WaitingRecord[]): Promise<string[]> {
  heard.length = 0;
  const answers = valueOf(await publisher.publish(client, batch));
  assert.equal(answers.filter((answer) => answer.ok).length, batch.length);
  await until('every record heard', () => heard.length >= batch.length);
  return heard.slice();
}

test('runs of one channel, channels changing now and then, arrive in order', async () => {
  const client = new Redis({ port: server.port });
  cleanups.push(() => client.quit().then(() => undefined));
  // Three runs: 200 on a, 1 on b, 311 on a again.
  const batch = records((index) => (index < 200 || index > 200 ? 'batch:a' : 'batch:b'), 512, 'run');
  assert.equal(isShorterAsRuns(batch), true, 'three runs in 512 records go as runs');
  const got = await publishAndHear(new BatchPublisher(), client, batch);
  assert.deepEqual(got, batch.map((record) => `${record.channel} ${record.payload.toString()}`));
});

test('a channel per record goes as pairs and arrives in order', async () => {
  const client = new Redis({ port: server.port });
  cleanups.push(() => client.quit().then(() => undefined));
  const batch = records((index) => `batch:device-${index}`, 40, 'pair');
  assert.equal(isShorterAsRuns(batch), false, 'a run per record goes as pairs');
  const got = await publishAndHear(new BatchPublisher(), client, batch);
  assert.deepEqual(got, batch.map((record) => `${record.channel} ${record.payload.toString()}`));
});

test('a user who may not run EVAL gets the same records through a pipeline', async () => {
  const admin = new Redis({ port: server.port });
  cleanups.push(() => admin.quit().then(() => undefined));
  await admin.call('ACL', 'SETUSER', 'noscript', 'on', '>pw', '&*', '+@all', '-eval', '-evalsha');
  const client = new Redis({ port: server.port, username: 'noscript', password: 'pw' });
  cleanups.push(() => client.quit().then(() => undefined));
  const batch = records(() => 'batch:acl', 30, 'acl');
  const got = await publishAndHear(new BatchPublisher(), client, batch);
  assert.deepEqual(got, batch.map((record) => `${record.channel} ${record.payload.toString()}`));
});

test('a user who may not publish to one channel: the others are published once, those records answered as refused', async () => {
  const admin = new Redis({ port: server.port });
  cleanups.push(() => admin.quit().then(() => undefined));
  await admin.call('ACL', 'SETUSER', 'somechannels', 'on', '>pw', 'resetchannels', '&batch:open*', '+@all');
  const client = new Redis({ port: server.port, username: 'somechannels', password: 'pw' });
  cleanups.push(() => client.quit().then(() => undefined));
  for (const [shape, channelOf] of [
    ['runs', (index: number) => (index >= 10 && index < 20 ? 'batch:closed' : 'batch:open')],
    ['pairs', (index: number) => (index % 3 === 1 ? 'batch:closed' : `batch:open-${index}`)],
  ] as const) {
    heard.length = 0;
    const batch = records(channelOf, 60, shape);
    const answers = valueOf(await new BatchPublisher().publish(client, batch));
    assert.deepEqual(
      answers.map((answer) => (answer.ok ? 'published' : answer.error.code)),
      batch.map((record) => (record.channel === 'batch:closed' ? 'NOPERM' : 'published')),
      shape,
    );
    const marker = batch.filter((record) => record.channel !== 'batch:closed').at(-1)!;
    await until('the last open record heard', () => heard.includes(`${marker.channel} ${marker.payload.toString()}`));
    assert.deepEqual(heard, batch.filter((record) => record.channel !== 'batch:closed').map((record) => `${record.channel} ${record.payload.toString()}`), shape);
  }
});

test('a batch written but not answered fails as a lost connection, is never sent again, and each record reaches Redis once', async () => {
  const paused = await startRedisServer();
  cleanups.push(() => paused.stop());
  const listener = new Redis({ port: paused.port });
  cleanups.push(() => listener.quit().then(() => undefined));
  const got: string[] = [];
  await listener.psubscribe('lost:*');
  listener.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, payload: Buffer) => got.push(`${channel.toString()} ${payload.toString()}`));
  // The command connection's own rules (redisClientOptions.ts): no offline queue, nothing re-sent, a command timeout.
  const client = new Redis({ port: paused.port, enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0, commandTimeout: 300, retryStrategy: () => null });
  await until('the client ready', () => client.status === 'ready');
  const publisher = new BatchPublisher();
  const batch = records(() => 'lost:a', 100, 'lost');
  paused.pause();
  const answer = await publisher.publish(client, batch);
  assert.deepEqual(answer.ok ? 'answered' : answer.error.code, 'CONNECTION_LOST');
  client.disconnect();
  paused.resume();
  // Redis still runs what it had read; a marker published after it arrives after every record of the batch.
  const marker = new Redis({ port: paused.port });
  cleanups.push(() => marker.quit().then(() => undefined));
  await marker.publish('lost:marker', 'end');
  await until('the marker heard', () => got.includes('lost:marker end'));
  assert.deepEqual(got, [...batch.map((record) => `${record.channel} ${record.payload.toString()}`), 'lost:marker end']);
});
