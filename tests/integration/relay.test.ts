/**
 * The browser relay against a real redis-server and real `ws` clients:
 * JSON, MessagePack and binary payloads with sequence numbers; the token and
 * Origin checks; one Redis subscription shared by many clients; a client that
 * stops reading stays within its cap while a fast one gets everything, and is
 * closed with 1013 when it reads nothing for long; Foxglove clients.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { FOXGLOVE_MESSAGE_SCHEMA } from '../../src/bus/relay/foxgloveSession';
import type { RelayClientLimits } from '../../src/bus/relay/relayClient';
import { MAX_RELAYED_PAYLOAD_BYTES } from '../../src/bus/relay/relayLimits';
import { RelayServer, type RelayServerOptions } from '../../src/bus/relay/relayServer';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { RelayTestClient } from '../support/relayTestClient';
import { suiteCleanups } from '../support/unhandledRejections';
import { until } from '../support/waitUntil';

const PROFILE_ID = 'lab';
const cleanups = suiteCleanups();

let server: TestRedisServer;
let registry: ConnectionRegistry;
let hub: SubscriptionHub;
let publisher: Redis;

before(async () => {
  server = await startRedisServer();
  const recorder = new ConnectionStateRecorder();
  registry = new ConnectionRegistry({
    onDidChangeState: (profileId, state) => {
      // The hub is made just below; the registry reports no state before open().
      hub?.handleConnectionState(profileId, state);
      recorder.listeners.onDidChangeState(profileId, state);
    },
    onDidReadFacts: recorder.listeners.onDidReadFacts,
  });
  hub = new SubscriptionHub(registry);
  registry.open(PROFILE_ID, { host: '127.0.0.1', port: server.port, db: 0 });
  await recorder.waitForState(PROFILE_ID, (state) => state.state === 'ready', 10_000);
  publisher = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null });
});

after(async () => {
  publisher?.disconnect();
  hub?.dispose();
  await registry?.dispose();
  await server?.stop();
});

async function startRelay(options: Partial<RelayServerOptions> = {}): Promise<RelayServer> {
  const relay = await RelayServer.start({
    profileId: PROFILE_ID,
    host: '127.0.0.1',
    port: 0,
    source: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }),
    isFoxgloveOn: false,
    foxgloveTopics: [],
    allowedOrigins: [],
    ...options,
  });
  cleanups.push(() => relay.close());
  return relay;
}

async function openClient(relay: RelayServer, options: Parameters<typeof RelayTestClient.open>[1] = {}): Promise<RelayTestClient> {
  const client = await RelayTestClient.open(relay.port, { token: relay.token, ...options });
  cleanups.push(() => client.close());
  return client;
}

function messagesOf(client: RelayTestClient): Record<string, unknown>[] {
  return client.ofType('message');
}

describe('labwire-json clients', () => {
  test('JSON as published, MessagePack as JSON, text as a string and other bytes base64 with a marker, numbered per channel', async () => {
    const relay = await startRelay();
    const client = await openClient(relay);
    await client.subscribe('channel', 'task:routing');
    await publisher.publish('task:routing', '{"task":"t1","to":"agent-2","n":[1,2.5]}');
    await publisher.publish('task:routing', pack({ task: 't2', blob: Buffer.from([1, 2, 3]) }));
    await publisher.publish('task:routing', 'plain words');
    await publisher.publish('task:routing', Buffer.from([0xff, 0x00, 0xc1, 0xfe]));
    await until('four messages', () => messagesOf(client).length === 4);
    const common = { type: 'message', channel: 'task:routing', epoch: relay.epoch };
    assert.deepEqual(messagesOf(client), [
      { ...common, seq: 1, data: { task: 't1', to: 'agent-2', n: [1, 2.5] } },
      { ...common, seq: 2, data: { task: 't2', blob: { $binary: 'base64', base64: 'AQID' } } },
      { ...common, seq: 3, data: 'plain words' },
      { ...common, seq: 4, data: { $binary: 'base64', base64: Buffer.from([0xff, 0x00, 0xc1, 0xfe]).toString('base64') } },
    ]);
  });

  test('a pattern names itself in each message and numbers each channel on its own; unsubscribing stops messages', async () => {
    const relay = await startRelay();
    const client = await openClient(relay);
    await client.subscribe('pattern', 'lab:*');
    await publisher.publish('lab:a', '1');
    await publisher.publish('lab:b', '2');
    await publisher.publish('lab:a', '3');
    await until('three messages', () => messagesOf(client).length === 3);
    assert.deepEqual(
      messagesOf(client).map((message) => [message['channel'], message['pattern'], message['seq'], message['data']]),
      [
        ['lab:a', 'lab:*', 1, 1],
        ['lab:b', 'lab:*', 1, 2],
        ['lab:a', 'lab:*', 2, 3],
      ],
    );
    client.send({ type: 'punsubscribe', pattern: 'lab:*' });
    await until('unsubscribed', () => client.ofType('unsubscribed').length === 1);
    await until('the relay left the pattern', () => relay.sharedTargetCount === 0);
    await client.subscribe('channel', 'marker');
    await publisher.publish('lab:a', '4');
    await publisher.publish('marker', '"end"');
    await until('the marker', () => messagesOf(client).some((message) => message['channel'] === 'marker'));
    assert.equal(messagesOf(client).filter((message) => message['channel'] === 'lab:a').length, 2);
  });

  test('many clients of one channel share one Redis subscription, and every client gets every message', async () => {
    const relay = await startRelay();
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => openClient(relay)));
    for (const client of clients) await client.subscribe('channel', 'devices:telemetry');
    assert.equal(relay.sharedTargetCount, 1);
    const [, subscribers] = (await publisher.call('PUBSUB', 'NUMSUB', 'devices:telemetry')) as [string, number];
    assert.equal(subscribers, 1);
    for (let index = 1; index <= 50; index++) await publisher.publish('devices:telemetry', JSON.stringify({ index }));
    for (const client of clients) await until('fifty messages', () => messagesOf(client).length === 50);
    for (const client of clients) assert.deepEqual(messagesOf(client).map((message) => message['seq']), Array.from({ length: 50 }, (_, index) => index + 1));
  });

  test('requests it cannot follow get an error in words, and the relay keeps serving', async () => {
    const relay = await startRelay();
    const client = await openClient(relay);
    client.socket.send('not json');
    client.send({ type: 'publish', channel: 'x', data: 1 });
    client.send({ type: 'subscribe' });
    client.send({ type: 'subscribe', channel: 'x'.repeat(2000) });
    client.socket.send(Buffer.from([1, 2, 3]));
    await until('five errors', () => client.ofType('error').length === 5);
    assert.deepEqual(
      client.ofType('error').map((error) => error['message']),
      [
        'The relay reads JSON text frames; this one is not JSON.',
        'The relay does not know the request type "publish"; use subscribe, psubscribe, unsubscribe or punsubscribe.',
        'This request needs "channel" with a channel name.',
        'A channel name may be at most 1024 characters long.',
        'The relay reads JSON text frames, not binary ones. It never publishes to Redis.',
      ],
    );
    assert.match(relay.status().lastError ?? '', /client-1: The relay reads JSON text frames, not binary ones/);
    await client.subscribe('channel', 'still:working');
  });

  test('a client may hold 64 subscriptions, and a frame over 16 KiB closes it with 1009', async () => {
    const relay = await startRelay();
    const client = await openClient(relay);
    for (let index = 0; index <= 64; index++) client.send({ type: 'subscribe', channel: `many:${index}` });
    await until('64 acknowledged and one refused', () => client.ofType('subscribed').length === 64 && client.ofType('error').length === 1);
    assert.deepEqual(client.ofType('error')[0], { type: 'error', message: 'One client may hold at most 64 subscriptions; unsubscribe from one first.' });
    assert.equal(relay.sharedTargetCount, 64);
    client.socket.send(JSON.stringify({ type: 'subscribe', channel: 'x'.repeat(17 * 1024) }));
    await until('the relay closed the client', () => client.closeCode !== null);
    assert.equal(client.closeCode, 1009);
    await until('its subscriptions were released', () => relay.sharedTargetCount === 0);
  });

  test('a payload over the limit is not sent; the client is told once per channel', async () => {
    const relay = await startRelay();
    const client = await openClient(relay);
    await client.subscribe('channel', 'big');
    await publisher.publish('big', Buffer.alloc(MAX_RELAYED_PAYLOAD_BYTES + 1, 0x61));
    await publisher.publish('big', Buffer.alloc(MAX_RELAYED_PAYLOAD_BYTES + 1, 0x61));
    await publisher.publish('big', '"small"');
    await until('the small one', () => messagesOf(client).length === 1);
    assert.equal(client.ofType('error').length, 1);
    assert.deepEqual(messagesOf(client)[0]?.['seq'], 3);
  });
});

describe('who may connect', () => {
  test('no token, a wrong token and a foreign Origin are refused; loopback and listed origins and scripts are let in', async () => {
    const relay = await startRelay({ allowedOrigins: ['https://dash.lab.example'] });
    const noToken = await RelayTestClient.connect(relay.port, {});
    // One character changed, to one it is not (a fixed 'x' equalled the token whenever it ended in x: 1 run in 64).
    const wrongToken = await RelayTestClient.connect(relay.port, { token: `${relay.token.slice(0, -1)}${relay.token.endsWith('x') ? 'y' : 'x'}` });
    const foreign = await RelayTestClient.connect(relay.port, { token: relay.token, origin: 'https://evil.example' });
    assert.deepEqual(
      [noToken, wrongToken, foreign].map((outcome) => ('refusedWith' in outcome ? outcome.refusedWith : 'open')),
      [401, 401, 403],
    );
    assert.match((foreign as { body: string }).body, /Pages from https:\/\/evil\.example may not use this relay/);
    for (const origin of [undefined, 'http://localhost:5173', 'http://127.0.0.1:8080', 'https://dash.lab.example']) {
      const client = await openClient(relay, origin === undefined ? {} : { origin });
      await client.subscribe('channel', 'ok');
    }
    assert.equal(relay.status().refusedConnections, 3);
  });

  test('Foxglove clients are refused while Foxglove is off, with the reason', async () => {
    const relay = await startRelay();
    const outcome = await RelayTestClient.connect(relay.port, { token: relay.token, protocols: ['foxglove.websocket.v1'] });
    assert.deepEqual(outcome, { refusedWith: 400, body: 'Foxglove is turned off for this relay; turn it on in the Labwire relay panel.\n' });
  });
});

describe('slow clients', () => {
  // The default soft cap and low-water mark, a lower hard cap: the kernel's socket buffers take a few MB before the relay's writes back up.
  const SMALL_LIMITS: RelayClientLimits = { softCapBytes: 1024 * 1024, hardCapBytes: 2 * 1024 * 1024, lowWaterBytes: 256 * 1024, stallCloseMs: 60_000 };
  const PAYLOAD = JSON.stringify({ reading: 'x'.repeat(8000) });

  test('a client that stops reading stays within its cap and is told its drops, while a fast client receives everything', async () => {
    const relay = await startRelay({ clientLimits: SMALL_LIMITS });
    const fast = await openClient(relay);
    const slow = await openClient(relay);
    await fast.subscribe('pattern', 'flood:*');
    await slow.subscribe('pattern', 'flood:*');
    slow.stopReading();
    const total = 3000;
    let largestSlowQueue = 0;
    const sampler = setInterval(() => {
      const view = relay.status().clients.find((client) => client.id === 'client-2');
      largestSlowQueue = Math.max(largestSlowQueue, view?.queuedBytes ?? 0);
    }, 5);
    try {
      // A fast client reads as fast as messages come: the flood comes in batches it keeps up with, while the slow one reads nothing.
      for (let batch = 0; batch < total / 100; batch++) {
        const pipeline = publisher.pipeline();
        for (let index = batch * 100; index < (batch + 1) * 100; index++) pipeline.publish(`flood:${index % 300}`, PAYLOAD);
        await pipeline.exec();
        await until('the fast client has the batch', () => messagesOf(fast).length >= (batch + 1) * 100, 10_000);
      }
    } finally {
      clearInterval(sampler);
    }
    const slowView = relay.status().clients.find((client) => client.id === 'client-2');
    assert.ok(slowView && slowView.dropped > 0 && slowView.isCatchingUp, `the slow client was held back: ${JSON.stringify(slowView)}`);
    const cap = SMALL_LIMITS.hardCapBytes + SMALL_LIMITS.lowWaterBytes + PAYLOAD.length + 200;
    assert.ok(largestSlowQueue <= cap, `the relay held ${largestSlowQueue} bytes for the slow client; its cap is ${cap}`);
    const seqsPerChannel = new Map<string, number[]>();
    for (const message of messagesOf(fast)) {
      const channel = String(message['channel']);
      seqsPerChannel.set(channel, [...(seqsPerChannel.get(channel) ?? []), Number(message['seq'])]);
    }
    assert.deepEqual([...seqsPerChannel.values()].map((seqs) => seqs.join()), Array.from({ length: 300 }, () => Array.from({ length: 10 }, (_, index) => index + 1).join()));

    slow.resumeReading();
    const dropped = slowView.dropped;
    await until('the slow client hears of its drops', () => slow.ofType('dropped').reduce((sum, notice) => sum + Number(notice['count']), 0) >= dropped, 10_000);
  });

  test('a client that reads nothing for long is closed with 1013', async () => {
    const relay = await startRelay({ clientLimits: { ...SMALL_LIMITS, stallCloseMs: 300 } });
    const stuck = await openClient(relay);
    await stuck.subscribe('pattern', 'stall:*');
    stuck.stopReading();
    const pipeline = publisher.pipeline();
    for (let index = 0; index < 3000; index++) pipeline.publish(`stall:${index % 300}`, PAYLOAD);
    await pipeline.exec();
    await until('the relay let the client go', () => relay.status().clients.length === 0, 15_000);
    stuck.resumeReading();
    await until('the close reached the client', () => stuck.closeCode !== null, 10_000);
    assert.ok(stuck.closeCode === 1013 || stuck.closeCode === 1006, `closed with ${stuck.closeCode}`);
  });
});

describe('Foxglove clients', () => {
  test('advertises the chosen channels with a JSON schema, and sends Message Data frames for a subscription', async () => {
    const relay = await startRelay({ isFoxgloveOn: true, foxgloveTopics: ['devices:telemetry', 'eeg:*'] });
    const client = await openClient(relay, { protocols: ['foxglove.websocket.v1'] });
    assert.equal(client.socket.protocol, 'foxglove.websocket.v1');
    await until('server info and channels', () => client.texts.length >= 2);
    const [serverInfo, advertise] = client.texts;
    assert.deepEqual(serverInfo, { op: 'serverInfo', name: 'Labwire relay', capabilities: [], metadata: { receiveOnly: 'true' }, sessionId: relay.epoch });
    const channel = (id: number, topic: string) => ({ id, topic, encoding: 'json', schemaName: 'labwire.RedisMessage', schema: FOXGLOVE_MESSAGE_SCHEMA, schemaEncoding: 'jsonschema' });
    assert.deepEqual(advertise, { op: 'advertise', channels: [channel(1, 'devices:telemetry'), channel(2, 'eeg:*')] });

    // A labwire-json client of the same pattern says when Redis has it; the Foxglove client shares that subscription.
    const witness = await openClient(relay);
    await witness.subscribe('pattern', 'eeg:*');
    client.send({ op: 'subscribe', subscriptions: [{ id: 7, channelId: 2 }] });
    await until('the Foxglove client joined', () => relay.status().clients.find((each) => each.protocol === 'foxglove')?.subscriptions.length === 1);
    assert.equal(relay.sharedTargetCount, 1);
    const before = Date.now();
    await publisher.publish('eeg:raw', pack({ channels: [1.5, -2] }));
    await until('a data frame', () => client.binaries.length === 1);
    const frame = client.binaries[0] as Buffer;
    const receivedNs = frame.readBigUInt64LE(5);
    assert.deepEqual(
      { opcode: frame.readUInt8(0), subscriptionId: frame.readUInt32LE(1), body: JSON.parse(frame.subarray(13).toString('utf8')) as unknown },
      { opcode: 1, subscriptionId: 7, body: { channel: 'eeg:raw', seq: 1, epoch: relay.epoch, data: { channels: [1.5, -2] } } },
    );
    assert.ok(receivedNs >= BigInt(before - 1000) * 1_000_000n, 'the receive time is in nanoseconds since the epoch');

    client.send({ op: 'advertise', channels: [] });
    await until('a status', () => client.texts.some((text) => text['op'] === 'status'));
    assert.deepEqual(client.texts.find((text) => text['op'] === 'status'), { op: 'status', level: 2, message: 'This relay only reads from Redis; it takes no messages from clients.' });
  });
});
