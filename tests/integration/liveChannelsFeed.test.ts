/**
 * Live channels against a real redis-server: bytes kept exactly, hostile
 * payloads decoded to error values, odd channel names, lanes sharing
 * messages, pause and filter, discovery, and the bounded history.
 * Driven through a real ConnectionRegistry and SubscriptionHub, as busCore
 * wires them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { BusCore } from '../../src/bus/busCore';
import type { FeedLimits } from '../../src/bus/feed/feedLimits';
import type { BusToHostMessage } from '../../src/shared/contract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import type { FeedMessage, Lane } from '../../src/shared/liveChannels';
import type { TestRedisServer } from '../support/redisServer';
import { connectPlainClient, startSuiteServer } from '../support/suiteRedis';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';
import { decodeBusMessage } from '../../src/shared/busMessageCodec';
import { FrameSink } from '../support/feedFrameSink';
import { buildLiveFeed, openLiveFeed, type OpenLiveFeed } from '../support/openLiveFeed';

const cleanups = suiteCleanups();
let server: TestRedisServer;
let publisher: Redis;

before(async () => {
  server = await startSuiteServer(cleanups);
  publisher = await connectPlainClient(cleanups, server);
});

let profileNumber = 0;

function openFeed(limits: Partial<FeedLimits> = {}): Promise<OpenLiveFeed> {
  return openLiveFeed(cleanups, `profile-${++profileNumber}`, { host: '127.0.0.1', port: server.port, db: 0 }, { limits });
}

async function messagesOn(sink: FrameSink, count: number, laneId: string): Promise<FeedMessage[]> {
  return until(`${count} messages in ${laneId}`, () => {
    const found = sink.messages().filter((message) => message.laneIds.includes(laneId));
    return found.length >= count && found;
  });
}

function decodeBase64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

describe('payloads', () => {
  test('arrive byte-exact, and malformed JSON and MessagePack become error values in bounded time', async () => {
    const { live, sink, profileId } = await openFeed();
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'hostile' }, 'auto'));
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    let seed = 7;
    const pseudoRandom = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16 & 0xff));
    const packed = pack({ type: 'raw', timestamp: 1_700_000_000.25, channels: { Ch0: 1.5, Ch1: -2 } });
    const payloads: [string, Buffer][] = [
      ['every byte', everyByte],
      ['pseudo-random bytes', pseudoRandom],
      ['truncated JSON', Buffer.from('{"channel": "devices:telemetry", "data": {"co2": 9')],
      ['truncated MessagePack', packed.subarray(0, packed.length - 3)],
      ['MessagePack claiming 4 G elements', Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01])],
      ['JSON nested 50,000 deep', Buffer.from('['.repeat(50_000) + ']'.repeat(50_000))],
      ['MessagePack nested 50,000 deep', Buffer.concat([Buffer.alloc(50_000, 0x91), Buffer.from([0xc0])])],
      ['MessagePack', packed],
    ];
    const startedAt = Date.now();
    for (const [, payload] of payloads) await publisher.publish('hostile', payload);
    const received = await messagesOn(sink, payloads.length, lane.id);
    const elapsedMs = Date.now() - startedAt;

    const summary = received.map((message, index) => {
      const detail = valueOf(live.messageDetail(profileId, message.seq));
      return {
        name: payloads[index]![0],
        kind: message.kind,
        hasReason: typeof message.decodeError === 'string' && message.decodeError.length > 0,
        isExact: decodeBase64(detail.payloadBase64).equals(payloads[index]![1]),
      };
    });
    assert.deepStrictEqual(summary, [
      { name: 'every byte', kind: 'binary', hasReason: false, isExact: true },
      { name: 'pseudo-random bytes', kind: 'binary', hasReason: false, isExact: true },
      { name: 'truncated JSON', kind: 'error', hasReason: true, isExact: true },
      { name: 'truncated MessagePack', kind: 'error', hasReason: true, isExact: true },
      { name: 'MessagePack claiming 4 G elements', kind: 'error', hasReason: true, isExact: true },
      { name: 'JSON nested 50,000 deep', kind: 'error', hasReason: true, isExact: true },
      { name: 'MessagePack nested 50,000 deep', kind: 'error', hasReason: true, isExact: true },
      { name: 'MessagePack', kind: 'msgpack', hasReason: false, isExact: true },
    ]);
    assert.ok(elapsedMs < 5_000, `decoding the hostile payloads took ${elapsedMs} ms`);
  });

  test('a MessagePack envelope shows its type, publish time and latency; the detail is a JSON-safe tree', async () => {
    const { live, sink, profileId } = await openFeed();
    const lane = valueOf(await live.addLane(profileId, { kind: 'pattern', pattern: 'user:*:raw' }, 'auto'));
    const publishedAt = Date.now() - 1_000;
    const payload = pack({ type: 'raw', timestamp: publishedAt / 1000, blob: new Uint8Array([0, 255]), ratio: Number.NaN });
    await publisher.publish('user:jamie:raw', payload);
    const [message] = await messagesOn(sink, 1, lane.id);
    const detail = valueOf(live.messageDetail(profileId, message!.seq));
    assert.deepStrictEqual(
      {
        kind: message!.kind,
        envelope: message!.envelope,
        isLatencyAboutASecond: message!.latencyMs! >= 1_000 && message!.latencyMs! < 5_000,
        tree: detail.tree,
        firstHexLine: detail.hexDump[0],
      },
      {
        kind: 'msgpack',
        envelope: { type: 'raw', publishedAt },
        isLatencyAboutASecond: true,
        tree: { type: 'raw', timestamp: publishedAt / 1000, blob: { $binary: '00ff' }, ratio: 'NaN' },
        firstHexLine: `${'00000000'}  ${[...payload.subarray(0, 8)].map(hex).join(' ')}  ${[...payload.subarray(8, 16)].map(hex).join(' ')}  |${ascii(payload.subarray(0, 16))}|`,
      },
    );
  });
});

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function ascii(bytes: Uint8Array): string {
  return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
}

describe('channel names', () => {
  test('with spaces, newlines, UTF-8, invalid UTF-8, glob characters and 1 MB length are received exactly', async () => {
    const { live, sink, profileId } = await openFeed();
    const megabyteName = 'm'.repeat(1024 * 1024);
    const names = ['lab bench one', 'line\nbreak\u202etxt', '蘑菇:温度', 'glob*[ab]?', megabyteName];
    const lanes: Lane[] = [];
    for (const name of names) lanes.push(valueOf(await live.addLane(profileId, { kind: 'channel', name }, 'auto')));
    const rawLane = valueOf(await live.addLane(profileId, { kind: 'pattern', pattern: 'raw:*' }, 'auto'));
    const invalidName = Buffer.concat([Buffer.from('raw:'), Buffer.from([0xff, 0xfe, 0x00, 0x41])]);

    // A literal SUBSCRIBE: a channel the glob would match is not received.
    await publisher.publish('globa1', 'not for the glob lane');
    for (const name of names) await publisher.publish(name, `to ${name.length}`);
    await publisher.publish(invalidName, 'bytes');
    await until('every lane received', () => sink.messages().length >= names.length + 1);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const seen = sink.messages().map((message) => {
      const detail = valueOf(live.messageDetail(profileId, message.seq));
      const channel = decodeBase64(detail.channelBase64);
      return {
        lane: message.laneIds.join(),
        text: message.channel.text.length > 40 ? `${message.channel.text.slice(0, 40)}…(${message.channel.text.length})` : message.channel.text,
        byteLength: message.channel.byteLength,
        isTruncated: message.channel.isTruncated,
        isExact: channel.equals(message.laneIds[0] === rawLane.id ? invalidName : Buffer.from(names[lanes.findIndex((lane) => lane.id === message.laneIds[0])]!)),
      };
    });
    assert.deepStrictEqual(seen, [
      { lane: lanes[0]!.id, text: 'lab bench one', byteLength: 13, isTruncated: false, isExact: true },
      { lane: lanes[1]!.id, text: 'line\\nbreak\\u202Etxt', byteLength: 16, isTruncated: false, isExact: true },
      { lane: lanes[2]!.id, text: '蘑菇:温度', byteLength: 13, isTruncated: false, isExact: true },
      { lane: lanes[3]!.id, text: 'glob*[ab]?', byteLength: 10, isTruncated: false, isExact: true },
      { lane: lanes[4]!.id, text: `${'m'.repeat(40)}…(200)`, byteLength: 1024 * 1024, isTruncated: true, isExact: true },
      { lane: rawLane.id, text: 'raw:\\xFF\\xFE\\x00A', byteLength: 8, isTruncated: false, isExact: true },
    ]);
  });
});

describe('lanes', () => {
  test('messages that alternate between channels each reach only their own lane, in order', async () => {
    const { live, sink, profileId } = await openFeed();
    // Same length and first bytes: the subscriber's reuse of the previous channel's key must compare every byte.
    const left = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'pump:1:state' }, 'auto'));
    const right = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'pump:2:state' }, 'auto'));
    const sent: [string, string][] = [];
    for (let index = 0; index < 12; index++) {
      const channel = index % 3 === 0 ? 'pump:2:state' : 'pump:1:state';
      sent.push([channel, `{"n":${index}}`]);
      await publisher.publish(channel, `{"n":${index}}`);
    }
    await until('twelve messages', () => sink.messages().length >= 12);
    const laneChannel = new Map([[left.id, 'pump:1:state'], [right.id, 'pump:2:state']]);
    assert.deepStrictEqual(
      sink.messages().map((message) => [laneChannel.get(message.laneIds.join()), message.preview]),
      sent,
    );
  });

  test('a message matched by a channel lane and a pattern lane shows once in each; shared channels are subscribed once', async () => {
    const { live, sink, profileId } = await openFeed();
    const exact = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'devices:telemetry' }, 'auto'));
    const pattern = valueOf(await live.addLane(profileId, { kind: 'pattern', pattern: 'devices:*' }, 'auto'));
    // A second lane of the same channel needs another decoder (the same one is refused); it decodes apart, so its rows are its own.
    const sameChannel = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'devices:telemetry' }, 'json'));
    const payload = JSON.stringify({ channel: 'devices:telemetry', source: 'device_manager', timestamp: 1_700_000_000, data: { co2: 900 } });
    await publisher.publish('devices:telemetry', payload);
    await publisher.publish('devices:telemetry', payload);
    await publisher.publish('devices:other', payload);
    await until('five messages', () => sink.messages().length >= 5);
    const subscribers = await publisher.call('PUBSUB', 'NUMSUB', 'devices:telemetry');
    await live.removeLane(profileId, exact.id);
    const afterOneLeft = await publisher.call('PUBSUB', 'NUMSUB', 'devices:telemetry');
    await live.removeLane(profileId, sameChannel.id);
    const afterBothLeft = await publisher.call('PUBSUB', 'NUMSUB', 'devices:telemetry');

    assert.deepStrictEqual(
      {
        lanesPerMessage: sink.messages().map((message) => [...message.laneIds].sort()),
        envelope: sink.messages()[0]!.envelope,
        subscribers,
        afterOneLeft,
        afterBothLeft,
      },
      {
        lanesPerMessage: [[exact.id, pattern.id].sort(), [sameChannel.id], [exact.id, pattern.id].sort(), [sameChannel.id], [pattern.id]],
        envelope: { source: 'device_manager', publishedAt: 1_700_000_000_000 },
        subscribers: ['devices:telemetry', 1],
        afterOneLeft: ['devices:telemetry', 1],
        afterBothLeft: ['devices:telemetry', 0],
      },
    );
  });

  test('pause holds messages in a bounded buffer, drops the oldest when full, and resume releases the rest', async () => {
    const { live, sink, profileId } = await openFeed({ pauseBufferMessages: 5 });
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'task_updates' }, 'auto'));
    valueOf(await live.updateLane(profileId, lane.id, { isPaused: true }));
    for (let index = 1; index <= 8; index++) await publisher.publish('task_updates', JSON.stringify({ task_id: `t${index}` }));
    const paused = await until('eight messages held or dropped', () => {
      const current = live.lanes(profileId)[0];
      return current && current.counters.received === 8 && current;
    });
    const messagesWhilePaused = sink.messages().length;
    const resumed = valueOf(await live.updateLane(profileId, lane.id, { isPaused: false }));
    const released = await messagesOn(sink, 5, lane.id);
    const lastFrame = sink.lastFrame();

    assert.deepStrictEqual(
      {
        messagesWhilePaused,
        pauseBuffer: paused.pauseBuffer,
        afterResume: { isPaused: resumed.isPaused, held: resumed.pauseBuffer.heldMessages, counters: resumed.counters },
        released: released.map((message) => message.preview),
        dropped: lastFrame?.dropped,
      },
      {
        messagesWhilePaused: 0,
        pauseBuffer: { heldMessages: 5, heldBytes: paused.pauseBuffer.heldBytes, capacityMessages: 5, capacityBytes: 16 * 1024 * 1024, dropped: 3 },
        afterResume: { isPaused: false, held: 0, counters: { received: 8, shown: 5, filteredOut: 0 } },
        released: ['{"task_id":"t4"}', '{"task_id":"t5"}', '{"task_id":"t6"}', '{"task_id":"t7"}', '{"task_id":"t8"}'],
        dropped: { 'pause-buffer-full': 3 },
      },
    );
  });

  test('a field filter shows only matching messages; a broken filter is a plain INVALID answer', async () => {
    const { live, sink, profileId } = await openFeed();
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'devices:telemetry' }, 'auto'));
    valueOf(await live.updateLane(profileId, lane.id, { filter: 'data.telemetry.co2 > 900' }));
    const broken = await live.updateLane(profileId, lane.id, { filter: 'data.telemetry.co2 >' });
    for (const co2 of [800, 950, 1200]) {
      await publisher.publish('devices:telemetry', JSON.stringify({ channel: 'devices:telemetry', data: { device_id: 'mushroom1', telemetry: { co2 } } }));
    }
    await publisher.publish('devices:telemetry', pack({ data: { telemetry: { co2: 901 } } }));
    const shown = await messagesOn(sink, 3, lane.id);
    const counters = await until('four messages counted', () => {
      const current = live.lanes(profileId)[0];
      return current && current.counters.received === 4 && current.counters;
    });
    assert.deepStrictEqual(
      { broken, previews: shown.map((message) => message.preview), counters, filter: live.lanes(profileId)[0]!.filter },
      {
        broken: { ok: false, error: { code: 'INVALID', message: 'Add a value after >, for example data.device_id == mushroom1.', field: 'filter' } },
        previews: [
          '{"channel":"devices:telemetry","data":{"device_id":"mushroom1","telemetry":{"co2":950}}}',
          '{"channel":"devices:telemetry","data":{"device_id":"mushroom1","telemetry":{"co2":1200}}}',
          '{"data":{"telemetry":{"co2":901}}}',
        ],
        counters: { received: 4, shown: 3, filteredOut: 1 },
        filter: 'data.telemetry.co2 > 900',
      },
    );
  });
});

describe('lanes that would not tell the truth', () => {
  test('a second lane for the same target and decoder is refused in words; another decoder is a lane of its own', async () => {
    const { live, profileId } = await openFeed();
    valueOf(await live.addLane(profileId, { kind: 'pattern', pattern: '*' }, 'auto'));
    const again = await live.addLane(profileId, { kind: 'pattern', pattern: '*' }, 'auto');
    const asText = await live.addLane(profileId, { kind: 'pattern', pattern: '*' }, 'text');
    assert.deepStrictEqual(
      { again, asText: asText.ok, lanes: live.lanes(profileId).map((lane) => lane.decoder) },
      {
        again: {
          ok: false,
          error: { code: 'INVALID', message: 'There is already a lane for the pattern * with this decoder. Use its filter to narrow it, or choose another decoder.', field: 'target' },
        },
        asText: true,
        lanes: ['auto', 'text'],
      },
    );
  });

  test('a filter set after messages arrived applies to the held ones, and the lane says how many it searched and matched', async () => {
    const { live, sink, profileId } = await openFeed();
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'devices:telemetry' }, 'auto'));
    for (let n = 0; n < 6; n++) await publisher.publish('devices:telemetry', JSON.stringify({ data: { device_id: n < 2 ? 'mushroom1' : 'mushroom2' } }));
    await messagesOn(sink, 6, lane.id);
    valueOf(await live.updateLane(profileId, lane.id, { filter: 'data.device_id == mushroom1' }));
    const scan = await until('the filter searched the held messages', () => {
      const current = live.lanes(profileId)[0]?.filterScan;
      return current?.state === 'done' && current;
    });
    const removed = await until('the removal reached a frame', () => {
      const seqs = sink.frames.flatMap((frame) => frame.removedFromLanes).flatMap((removal) => removal.seqs);
      return seqs.length === 4 && seqs;
    });
    const left = valueOf(live.recent(profileId, null, 10)).messages.map((message) => message.preview);
    assert.deepStrictEqual(
      { scan, removedCount: removed.length, left, counters: live.lanes(profileId)[0]?.counters },
      {
        scan: { state: 'done', searched: 6, matched: 2, toSearch: 6 },
        removedCount: 4,
        left: ['{"data":{"device_id":"mushroom1"}}', '{"data":{"device_id":"mushroom1"}}'],
        counters: { received: 6, shown: 2, filteredOut: 4 },
      },
    );
  });
});

describe('discovery and history', () => {
  test('discover lists active channels with subscriber counts and NUMPAT; names that are not UTF-8 cannot be subscribed by name', async () => {
    const { live, profileId } = await openFeed();
    const listeners: Redis[] = [];
    for (let index = 0; index < 3; index++) {
      const listener = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, retryStrategy: () => null });
      listener.on('error', () => undefined);
      await listener.connect();
      listeners.push(listener);
      cleanups.push(() => void listener.disconnect());
    }
    await listeners[0]!.subscribe('sensor:a', 'sensor:b', Buffer.from([0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x3a, 0xff]));
    await listeners[1]!.subscribe('sensor:a', 'other:x');
    const patternsBefore = Number(await publisher.call('PUBSUB', 'NUMPAT'));
    await listeners[2]!.psubscribe('sensor:*', 'other:*');
    const found = valueOf(await live.discover(profileId, 'sensor:*'));
    assert.deepStrictEqual(found, {
      channels: [
        { name: { text: 'sensor:a', byteLength: 8, isTruncated: false }, subscribeName: 'sensor:a', subscribers: 2 },
        { name: { text: 'sensor:b', byteLength: 8, isTruncated: false }, subscribeName: 'sensor:b', subscribers: 1 },
        { name: { text: 'sensor:\\xFF', byteLength: 8, isTruncated: false }, subscribeName: null, subscribers: 1 },
      ],
      patternSubscriptions: patternsBefore + 2,
      isTruncated: false,
    });
  });

  test('the history keeps the newest messages, pages newest first, and says plainly when a message was evicted', async () => {
    const { live, sink, profileId } = await openFeed({ historyMessages: 10 });
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'crep:live' }, 'auto'));
    for (let index = 1; index <= 15; index++) await publisher.publish('crep:live', `update ${index}`);
    const received = await messagesOn(sink, 15, lane.id);
    const firstSeq = received[0]!.seq;
    const newest = valueOf(live.recent(profileId, null, 5)).messages.map((message) => message.preview);
    const older = valueOf(live.recent(profileId, firstSeq + 10, 20)).messages.map((message) => message.preview);
    const evicted = live.messageDetail(profileId, firstSeq + 2);
    await until('the history counts the evictions', () => sink.lastFrame()?.history.evicted === 5);
    valueOf(await live.updateLane(profileId, lane.id, { shouldClear: true }));
    assert.deepStrictEqual(
      { newest, older, evicted, history: sink.lastFrame()!.history, afterClear: valueOf(live.recent(profileId, null, 5)).messages },
      {
        newest: ['update 15', 'update 14', 'update 13', 'update 12', 'update 11'],
        older: ['update 10', 'update 9', 'update 8', 'update 7', 'update 6'],
        evicted: {
          ok: false,
          error: {
            code: 'NOT_FOUND',
            message: 'That message is no longer held. The feed keeps the newest 10 messages (up to 256 MiB of payloads); older ones are removed to make room.',
          },
        },
        history: { heldMessages: 10, heldBytes: sink.lastFrame()!.history.heldBytes, capacityMessages: 10, capacityBytes: 256 * 1024 * 1024, evicted: 5, oldestSeq: firstSeq + 5 },
        afterClear: [],
      },
    );
  });
});

describe('through the bus core', () => {
  test('lanes:add, feed:message and feed:recent answer through request validation, and frames reach the host', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'labwire-live-'));
    const sink = new FrameSink();
    let isReady = false;
    const core = await BusCore.create({
      host: 'serve',
      appVersion: 'test',
      dataDir,
      keySource: { kind: 'none', reason: 'tests keep no secrets' },
      emit: (message: BusToHostMessage) => {
        // The bus sends frames written as bytes; the host side of this test reads them as the renderer would.
        if (message.kind === 'encodedFrame') {
          const decoded = decodeBusMessage(message.bytes);
          if (decoded.kind === 'frame' && decoded.frame.kind === 'feed') sink.add(decoded.frame);
        }
        if (message.kind === 'event' && message.event.type === 'connection:state' && message.event.state.state === 'ready') isReady = true;
      },
    });
    cleanups.push(async () => {
      await core.dispose();
      await rm(dataDir, { recursive: true, force: true });
    });
    const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Bench', port: server.port })) as Profile;
    valueOf(await core.handle('connection:open', { profileId: profile.id }));
    await until('the connection to be ready', () => isReady);
    const lane = valueOf(await core.handle('lanes:add', { profileId: profile.id, target: { kind: 'channel', name: 'agent:status' }, decoder: 'json' })) as Lane;
    const payload = JSON.stringify({ type: 'agent_status', payload: { agentId: 'a1', status: 'busy', load: 0.5 } });
    await publisher.publish('agent:status', payload);
    const [message] = await messagesOn(sink, 1, lane.id);
    const detail = valueOf(await core.handle('feed:message', { profileId: profile.id, seq: message!.seq })) as { payloadBase64: string; tree: unknown };
    const recent = valueOf(await core.handle('feed:recent', { profileId: profile.id, beforeSeq: null, limit: 10 })) as { messages: FeedMessage[] };
    const invalid = await core.handle('lanes:update', { profileId: profile.id, laneId: lane.id, patch: { filter: 'payload.status == ' } });
    assert.deepStrictEqual(
      {
        lanes: valueOf(await core.handle('lanes:list', { profileId: profile.id })),
        preview: message!.preview,
        envelope: message!.envelope,
        payload: decodeBase64(detail.payloadBase64).toString(),
        tree: detail.tree,
        recent: recent.messages.map((held) => held.seq),
        invalid,
      },
      {
        lanes: [{ ...lane, counters: { received: 1, shown: 1, filteredOut: 0 } }],
        preview: payload,
        envelope: { type: 'agent_status' },
        payload,
        tree: JSON.parse(payload),
        recent: [message!.seq],
        invalid: { ok: false, error: { code: 'INVALID', message: 'Add a value after ==, for example data.device_id == mushroom1.', field: 'filter' } },
      },
    );
  });
});

describe('the subscription hub', () => {
  test('a consumer that subscribes before the connection is ready waits interrupted, then receives exact bytes', async () => {
    const { registry, hub } = buildLiveFeed(cleanups);
    const received: { channel: string; pattern: string | null; payload: string }[] = [];
    const subscription = hub.subscribe('early', { kind: 'pattern', pattern: 'user:*:raw' }, (message) =>
      received.push({ channel: message.channel.toString('hex'), pattern: message.pattern?.toString() ?? null, payload: message.payload.toString('hex') }),
    );
    const before = subscription.state().state;
    const patternsBefore = Number(await publisher.call('PUBSUB', 'NUMPAT'));
    registry.open('early', { host: '127.0.0.1', port: server.port, db: 0 });
    const settled = await subscription.whenSettled();
    await publisher.publish(Buffer.from([0x75, 0x73, 0x65, 0x72, 0x3a, 0xff, 0x3a, 0x72, 0x61, 0x77]), Buffer.from([0x00, 0xfe]));
    await until('the message', () => received.length === 1);
    await subscription.unsubscribe();
    const patternsLeft = Number(await publisher.call('PUBSUB', 'NUMPAT'));
    assert.deepStrictEqual(
      { before, settled: settled.state, received, patternsLeft: patternsLeft - patternsBefore, after: subscription.state().state },
      {
        before: 'interrupted',
        settled: 'active',
        received: [{ channel: '757365723aff3a726177', pattern: 'user:*:raw', payload: '00fe' }],
        patternsLeft: 0,
        after: 'active',
      },
    );
  });
});
