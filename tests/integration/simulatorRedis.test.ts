import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { unpack } from 'msgpackr';
import { LabSimulator } from '../../src/bus/simulator/labSimulator';
import { fail, ok, type Result } from '../../src/shared/result';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Received {
  channel: string;
  payload: Buffer;
}

describe('LabSimulator against a real redis-server', () => {
  let server: TestRedisServer;
  let publisher: Redis;
  let subscriber: Redis;
  const received: Received[] = [];

  before(async () => {
    server = await startRedisServer();
    publisher = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    subscriber = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
    await Promise.all([publisher.connect(), subscriber.connect()]);
    subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, payload: Buffer) => {
      received.push({ channel: channel.toString('utf8'), payload });
    });
    await subscriber.psubscribe('*');
  });

  after(async () => {
    publisher?.disconnect();
    subscriber?.disconnect();
    await server?.stop();
  });

  test('publishes EEG MessagePack at the requested rate and lab JSON, counted exactly', async () => {
    const publish = async (channel: string, payload: Buffer): Promise<Result<number>> => {
      try {
        return ok(await publisher.publish(channel, payload));
      } catch (error) {
        return fail('REDIS_ERROR', 'The server did not accept the publish.', { detail: String(error) });
      }
    };
    const simulator = new LabSimulator({ publish, onDidChangeStatus: () => undefined, seed: 11 });
    const startedMs = performance.now();
    simulator.start({ eegUsers: 1, eegRateHz: 250, eegChannels: 8, shouldPublishLabChannels: true });
    await sleep(2000);
    simulator.stop();
    const elapsedS = (performance.now() - startedMs) / 1000;
    const deadline = Date.now() + 5000;
    while (simulator.counters().inFlight > 0 && Date.now() < deadline) await sleep(20);
    await sleep(100);
    const receivedAtStop = received.length;

    const raw = received.filter((message) => message.channel === 'user:demo1:raw');
    const frame = unpack(raw[0]!.payload) as { type: string; timestamp: unknown; channels: Record<string, unknown> };
    const telemetry = received.filter((message) => message.channel === 'devices:telemetry').map((message) => JSON.parse(message.payload.toString('utf8')));
    const counters = simulator.counters();
    // A stall on a loaded machine makes the sample clock give samples up (counted as skipped) rather than burst them:
    // every sample due is either on the wire or counted.
    const rawRatePerS = (raw.length + counters.skipped) / elapsedS;

    await sleep(300);
    assert.deepEqual(
      {
        frame: {
          type: frame.type,
          timestamp: typeof frame.timestamp,
          channels: Object.keys(frame.channels),
          areNumbers: Object.values(frame.channels).every((value) => typeof value === 'number'),
        },
        isRawRateNear250: rawRatePerS > 150 && rawRatePerS < 300,
        telemetryDevices: [...new Set(telemetry.map((message) => message.data.device_id))].sort(),
        counters: { ...counters, published: counters.published === receivedAtStop, skipped: counters.skipped < raw.length },
        receivedAfterStop: received.length - receivedAtStop,
      },
      {
        frame: { type: 'raw', timestamp: 'number', channels: ['Ch0', 'Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7'], areNumbers: true },
        isRawRateNear250: true,
        telemetryDevices: ['incubator-3', 'mushroom1', 'mushroom2'],
        counters: { published: true, failed: 0, skipped: true, inFlight: 0 },
        receivedAfterStop: 0,
      },
      `raw and skipped rate ${rawRatePerS.toFixed(1)}/s, published ${counters.published}, skipped ${counters.skipped}, received ${receivedAtStop}`,
    );
  });
});
