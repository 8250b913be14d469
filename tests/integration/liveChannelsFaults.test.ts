/**
 * Live channels under faults, against real redis-server processes: a
 * message too large for the subscriber's output buffer, ACL permissions
 * refused and revoked while listening, a server killed and restarted, and a
 * frame consumer too slow for the traffic. Nothing may crash, reject
 * unhandled, or grow without bound.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import type { FeedLimits } from '../../src/bus/feed/feedLimits';
import { MAX_MESSAGES_PER_FRAME, type Lane } from '../../src/shared/liveChannels';
import type { TestRedisServer } from '../support/redisServer';
import { connectPlainClient, startSuiteServer } from '../support/suiteRedis';
import { suiteCleanups } from '../support/unhandledRejections';
import { until as untilWithin5s, valueOf } from '../support/waitUntil';
import { FrameSink } from '../support/feedFrameSink';
import { openLiveFeed, type OpenLiveFeed } from '../support/openLiveFeed';

const until = <T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> => untilWithin5s(what, probe, timeoutMs);

const QUICK_RETRY: Partial<ConnectionTiming> = { retryBaseMs: 100, retryMaxMs: 400, connectTimeoutMs: 2_000 };

const cleanups = suiteCleanups();

const startServer = (args: string[] = []): Promise<TestRedisServer> => startSuiteServer(cleanups, args);
const plainClient = (server: TestRedisServer): Promise<Redis> => connectPlainClient(cleanups, server);

function openFeed(server: TestRedisServer, extra: Partial<RedisEndpoint> = {}, limits: Partial<FeedLimits> = {}): Promise<OpenLiveFeed> {
  return openLiveFeed(cleanups, 'lab', { host: '127.0.0.1', port: server.port, db: 0, ...extra }, { timing: QUICK_RETRY, limits });
}

function previewsOf(sink: FrameSink, laneId: string): string[] {
  return sink
    .messages()
    .filter((message) => message.laneIds.includes(laneId))
    .map((message) => message.preview);
}

function subscriptionOf(lane: Lane | undefined): unknown {
  const subscription = lane?.subscription;
  if (!subscription) return undefined;
  return subscription.state === 'refused' ? { state: 'refused', code: subscription.error.code, message: subscription.error.message } : subscription.state;
}

describe('a message larger than the subscriber output buffer limit', () => {
  test('Redis cuts the subscriber; a gap opens and closes, the lanes resubscribe, and later messages arrive', async () => {
    const server = await startServer();
    const publisher = await plainClient(server);
    const { live, sink, recorder, receiving, profileId } = await openFeed(server);
    const big = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'crep:live' }, 'auto'));
    const small = valueOf(await live.addLane(profileId, { kind: 'pattern', pattern: 'agent*' }, 'auto'));
    await publisher.publish('agent:status', 'before');
    await until('the first message', () => previewsOf(sink, small.id).length === 1);

    // The default client-output-buffer-limit for pubsub is 32 MB: 40 MiB cannot fit.
    await publisher.publish('crep:live', Buffer.alloc(40 * 1024 * 1024, 0x61));
    const closedGap = await until('the gap to close', () => sink.gaps().find((gap) => gap.to !== null));
    await until('both lanes active again', () => subscriptionOf(sink.lane(big.id)) === 'active' && subscriptionOf(sink.lane(small.id)) === 'active');
    await publisher.publish('agent:status', 'after');
    await publisher.publish('crep:live', 'small again');
    await until('the messages after the cut', () => previewsOf(sink, small.id).length === 2 && previewsOf(sink, big.id).length === 1);

    assert.deepStrictEqual(
      {
        gap: { reason: closedGap.reason, afterSeq: closedGap.afterSeq, isOrdered: closedGap.to! >= closedGap.from },
        receiving,
        profileStates: recorder.namesOf(profileId),
        small: previewsOf(sink, small.id),
        big: previewsOf(sink, big.id),
      },
      {
        gap: {
          reason:
            'Connection to the server lost: The server closed the connection that receives channel messages. Redis does this when messages pile up beyond its output buffer limit (a very large or very fast message) or when a channel permission is revoked.',
          afterSeq: 1,
          isOrdered: true,
        },
        receiving: ['connecting', 'ready', 'reconnecting', 'ready'],
        profileStates: ['connecting', 'ready'],
        small: ['before', 'after'],
        big: ['small again'],
      },
    );
  });
});

describe('a lane added while the subscriber is still shaking hands', () => {
  test('waits for the ready subscriber: the connection is not dropped and both lanes receive', async () => {
    const server = await startServer();
    const publisher = await plainClient(server);
    const { live, sink, receiving, profileId, registry } = await openFeed(server);
    // The first lane makes the subscriber connection; the second is added in the moment between its TCP connect and its ready check.
    const subscriberOf = registry.subscriberClient.bind(registry);
    let statusWhenAdded: string | undefined;
    const secondAdded = new Promise<Lane>((resolve, reject) => {
      registry.subscriberClient = (id) => {
        const client = subscriberOf(id);
        if (client && statusWhenAdded === undefined) {
          statusWhenAdded = 'pending';
          client.once('connect', () => {
            statusWhenAdded = client.status;
            live.addLane(profileId, { kind: 'channel', name: 'devices:telemetry' }, 'auto').then((added) => resolve(valueOf(added)), reject);
          });
        }
        return client;
      };
    });
    const first = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'agent:status' }, 'auto'));
    const second = await secondAdded;
    await until('both lanes active', () => subscriptionOf(sink.lane(first.id)) === 'active' && subscriptionOf(sink.lane(second.id)) === 'active');
    await publisher.publish('agent:status', 'a');
    await publisher.publish('devices:telemetry', 'b');
    await until('both messages', () => previewsOf(sink, first.id).length === 1 && previewsOf(sink, second.id).length === 1);
    assert.deepStrictEqual(
      { statusWhenAdded, receiving, first: previewsOf(sink, first.id), second: previewsOf(sink, second.id), gaps: sink.gaps().length },
      { statusWhenAdded: 'connect', receiving: ['connecting', 'ready'], first: ['a'], second: ['b'], gaps: 0 },
    );
  });
});

describe('ACL permissions', () => {
  test('a forbidden channel is refused plainly; revoking one channel while listening keeps the other lane receiving', async () => {
    const server = await startServer();
    const admin = await plainClient(server);
    await admin.call('ACL', 'SETUSER', 'jamie', 'on', '>lab-pass', '~*', 'resetchannels', '&user:jamie:*', '+@all');
    const { live, sink, receiving, profileId } = await openFeed(server, { username: 'jamie', password: 'lab-pass' });

    const forbidden = await live.addLane(profileId, { kind: 'channel', name: 'user:alex:raw' }, 'auto');
    const tooWide = await live.addLane(profileId, { kind: 'pattern', pattern: 'user:*' }, 'auto');
    const kept = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'user:jamie:alerts' }, 'auto'));
    const revoked = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'user:jamie:raw' }, 'auto'));
    await admin.publish('user:jamie:raw', 'raw before');

    await admin.call('ACL', 'SETUSER', 'jamie', 'resetchannels', '&user:jamie:a*');
    await until('the revoked lane to be refused', () => subscriptionOf(sink.lane(revoked.id)) !== 'active' && sink.lane(revoked.id)?.subscription.state === 'refused');
    await until('the kept lane to be active again', () => subscriptionOf(sink.lane(kept.id)) === 'active');
    await admin.publish('user:jamie:alerts', 'alert after');
    await admin.publish('user:jamie:raw', 'raw after');
    await until('the alert after the revocation', () => previewsOf(sink, kept.id).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));

    assert.deepStrictEqual(
      {
        forbidden,
        tooWide: tooWide.ok ? 'accepted' : tooWide.error.message,
        lanes: live.lanes(profileId).map((lane) => ({ target: lane.target, subscription: subscriptionOf(lane) })),
        kept: previewsOf(sink, kept.id),
        revoked: previewsOf(sink, revoked.id),
        receiving,
      },
      {
        forbidden: {
          ok: false,
          error: {
            code: 'NOPERM',
            message: 'The server does not allow user jamie to listen on user:alex:raw (NOPERM).',
            detail: 'NOPERM this user has no permissions to access one of the channels used as arguments',
          },
        },
        tooWide: 'The server does not allow user jamie to listen on channels matching user:* (NOPERM).',
        lanes: [
          { target: { kind: 'channel', name: 'user:jamie:alerts' }, subscription: 'active' },
          {
            target: { kind: 'channel', name: 'user:jamie:raw' },
            subscription: {
              state: 'refused',
              code: 'NOPERM',
              message: 'The server no longer allows user jamie to listen on user:jamie:raw (NOPERM). Its channel permissions were changed while Labwire was listening.',
            },
          },
        ],
        kept: ['alert after'],
        revoked: ['raw before'],
        receiving: ['connecting', 'ready', 'reconnecting', 'ready'],
      },
    );
  });
});

describe('a server killed and restarted', () => {
  test('opens a gap with the reason, closes it when the server is back, and the lanes keep receiving', async () => {
    const server = await startServer();
    const { live, sink, profileId } = await openFeed(server);
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'system:alerts' }, 'auto'));
    const publisherBefore = await plainClient(server);
    await publisherBefore.publish('system:alerts', 'before');
    await until('the first message', () => previewsOf(sink, lane.id).length === 1);

    await server.kill();
    const openGap = await until('an open gap', () => sink.gaps().find((gap) => gap.to === null));
    const interrupted = await until('the lane interrupted', () => sink.lane(lane.id)?.subscription.state === 'interrupted');
    await server.restart();
    const closedGap = await until('the gap to close', () => sink.gaps().find((gap) => gap.to !== null));
    await until('the lane active again', () => sink.lane(lane.id)?.subscription.state === 'active');
    const publisherAfter = await plainClient(server);
    await publisherAfter.publish('system:alerts', 'after');
    await until('the message after the restart', () => previewsOf(sink, lane.id).length === 2);

    assert.deepStrictEqual(
      { openGap: { ...openGap, from: 0 }, interrupted, closedGapId: closedGap.id, gaps: sink.gaps().length, previews: previewsOf(sink, lane.id) },
      {
        openGap: { id: closedGap.id, from: 0, to: null, reason: `Connection to the server lost: The connection to 127.0.0.1:${server.port} dropped.`, afterSeq: 1 },
        interrupted: true,
        closedGapId: closedGap.id,
        gaps: 1,
        previews: ['before', 'after'],
      },
    );
  });
});

describe('a slow frame consumer', () => {
  test('never makes the history or the waiting frame grow: old messages are evicted and frame overflow is counted', async () => {
    const server = await startServer();
    const publisher = await plainClient(server);
    const capacity = 5_000;
    const { live, sink, profileId } = await openFeed(server, {}, { historyMessages: capacity });
    sink.blockMs = 150;
    const lane = valueOf(await live.addLane(profileId, { kind: 'channel', name: 'devices:telemetry' }, 'auto'));
    const total = 50_000;
    const heapBefore = process.memoryUsage().heapUsed;
    const pipeline = publisher.pipeline();
    for (let index = 0; index < total; index++) {
      pipeline.publish('devices:telemetry', `{"channel":"devices:telemetry","source":"device_manager","data":{"device_id":"mushroom1","n":${index}}}`);
    }
    await pipeline.exec();
    await until('every message received', () => live.lanes(profileId)[0]?.counters.received === total, 30_000);
    const last = await until('the last frame with every message accounted for', () => {
      const frame = sink.lastFrame();
      const framed = sink.messages().length;
      return frame && framed + (frame.dropped['frame-cap'] ?? 0) === total && frame;
    }, 10_000);
    const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024);
    const framedSeqs = sink.messages().map((message) => message.seq);

    assert.deepStrictEqual(
      {
        history: last.history,
        largestFrame: Math.max(...sink.frames.map((frame) => frame.messages.length)) <= MAX_MESSAGES_PER_FRAME,
        newestShown: sink.messages().at(-1)?.preview.includes(`"n":${total - 1}`),
        isIncreasing: framedSeqs.every((seq, index) => index === 0 || seq > framedSeqs[index - 1]!),
        recent: valueOf(live.recent(profileId, null, 1)).messages.map((message) => message.seq),
        isHeapBounded: heapGrowthMiB < 200,
      },
      {
        history: { heldMessages: capacity, heldBytes: last.history.heldBytes, capacityMessages: capacity, capacityBytes: 256 * 1024 * 1024, evicted: total - capacity, oldestSeq: total - capacity + 1 },
        largestFrame: true,
        newestShown: true,
        isIncreasing: true,
        recent: [total],
        isHeapBounded: true,
      },
    );
    void lane;
  });
});
