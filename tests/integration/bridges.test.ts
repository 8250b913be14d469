/**
 * Bridges end to end with real parts: a real redis-server, the bus core with
 * every feature, real UDP sockets on loopback and (serial) a socat pty pair
 * standing in for the device. Messages are read with a plain ioredis
 * subscriber, as a lab's own code would.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { BusCore } from '../../src/bus/busCore';
import { defaultBridgeRouting, defaultUdpSettings, type BridgeDraft, type BridgeRouting, type BridgeView } from '../../src/shared/bridges';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { FeedSnapshot, Lane } from '../../src/shared/liveChannels';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { findFreePort } from '../support/freePort';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let server: TestRedisServer;
let core: BusCore;
let dataDir: string;
let sender: Socket;
const states = new Map<string, ConnectionState>();

before(async () => {
  server = await startRedisServer();
  cleanups.push(() => server.stop());
  dataDir = await mkdtemp(join(tmpdir(), 'labwire-bridges-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  core = await BusCore.create({
    host: 'serve',
    appVersion: 'test',
    dataDir,
    keySource: { kind: 'none', reason: 'tests keep no secrets' },
    emit: (message) => {
      if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
    },
  });
  cleanups.push(() => core.dispose());
  sender = createSocket('udp4');
  cleanups.push(() => new Promise<void>((resolve) => sender.close(() => resolve())));
});

after(async () => undefined);

/** A profile on the test server, connected. */
async function connectedProfile(name: string, isReadOnly = false): Promise<Profile> {
  const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name, host: '127.0.0.1', port: server.port, isReadOnly })) as Profile;
  valueOf(await core.handle('connection:open', { profileId: profile.id }));
  await until(`${name} to be ready`, () => states.get(profile.id)?.state === 'ready', 10_000);
  return profile;
}

/** A plain subscriber on the test server that keeps what arrives on `channel`. */
async function subscriber(channel: string): Promise<{ messages: string[] }> {
  const client = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect();
  cleanups.push(() => void client.disconnect());
  const messages: string[] = [];
  client.on('messageBuffer', (_channel: Buffer, payload: Buffer) => messages.push(payload.toString('utf8')));
  await client.subscribe(channel);
  return { messages };
}

async function udpBridge(profileId: string, name: string, routing: Partial<BridgeRouting> = {}, sequencePath = ''): Promise<{ bridge: BridgeView; port: number }> {
  const port = await findFreePort();
  const draft: BridgeDraft = {
    name,
    kind: 'udp',
    udp: { ...defaultUdpSettings(), listenPort: port, sequencePath },
    framing: { kind: 'lines', ending: 'lf' },
    format: { kind: 'json' },
    routing: { ...defaultBridgeRouting(), ...routing },
    shouldStartWithProfile: false,
  };
  const bridge = valueOf(await core.handle('bridges:save', { profileId, draft })) as BridgeView;
  valueOf(await core.handle('bridges:start', { profileId, bridgeId: bridge.config.id }));
  await until(`${name} to listen`, async () => (await statusOf(profileId, bridge.config.id)).state === 'running');
  return { bridge, port };
}

async function statusOf(profileId: string, bridgeId: string): Promise<BridgeView['status']> {
  const views = valueOf(await core.handle('bridges:list', { profileId })) as BridgeView[];
  const view = views.find((candidate) => candidate.config.id === bridgeId);
  assert.ok(view, `bridge ${bridgeId} is listed`);
  return view.status;
}

/** Polls an async probe (until() takes a sync one). */
async function untilAsync(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function sendDatagram(port: number, bytes: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => sender.send(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
}

describe('UDP bridge', () => {
  test('datagrams become enveloped messages on the resolved channel; oversized and random datagrams are counted, not published', async () => {
    const profile = await connectedProfile('UDP lab');
    const received = await subscriber('eeg:amp-7:raw');
    const { bridge, port } = await udpBridge(profile.id, 'EEG amplifier', { channelTemplate: 'eeg:{device_id}:raw' }, 'seq');
    await sendDatagram(port, JSON.stringify({ device_id: 'amp-7', seq: 1, uv: [1.5, -2] }));
    await sendDatagram(port, randomBytes(65_000));
    await sendDatagram(port, Buffer.from([0xff, 0x00, 0x13]));
    await sendDatagram(port, JSON.stringify({ device_id: 'amp-7', seq: 4, uv: [0.5] }));
    await until('two messages', () => received.messages.length === 2);
    const envelopes = received.messages.map((text) => JSON.parse(text) as { channel: string; source: string; timestamp: string; data: unknown });
    assert.deepStrictEqual(
      envelopes.map(({ channel, source, data }) => ({ channel, source, data })),
      [
        { channel: 'eeg:amp-7:raw', source: 'EEG amplifier', data: { device_id: 'amp-7', seq: 1, uv: [1.5, -2] } },
        { channel: 'eeg:amp-7:raw', source: 'EEG amplifier', data: { device_id: 'amp-7', seq: 4, uv: [0.5] } },
      ],
    );
    const status = await statusOf(profile.id, bridge.config.id);
    assert.deepStrictEqual(
      [status.counters.recordsIn, status.counters.recordsPublished, status.counters.badRecords, status.counters.sequenceGaps],
      [4, 2, 2, 2],
    );
    assert.match(status.lastError?.message ?? '', /^A record could not be read: The record is not JSON/);
  });

  test('a bridge lane shows each record on its resolved channel, as published', async () => {
    const profile = await connectedProfile('Lane lab');
    const { bridge, port } = await udpBridge(profile.id, 'Bench sensor', { channelTemplate: 'devices:{device_id}:telemetry' });
    const lane = valueOf(await core.handle('lanes:add', { profileId: profile.id, target: { kind: 'bridge', bridgeId: bridge.config.id }, decoder: 'json' })) as Lane;
    assert.equal(lane.subscription.state, 'active');
    await sendDatagram(port, JSON.stringify({ device_id: 'sensor-3', t: 21.5 }));
    let snapshot: FeedSnapshot | undefined;
    await untilAsync('the lane to show the record', async () => {
      snapshot = valueOf(await core.handle('feed:recent', { profileId: profile.id, beforeSeq: null, limit: 10 })) as FeedSnapshot;
      return snapshot.messages.length === 1;
    });
    assert.deepStrictEqual(
      snapshot!.messages.map((message) => ({ channel: message.channel.text, laneIds: message.laneIds, source: message.envelope?.source })),
      [{ channel: 'devices:sensor-3:telemetry', laneIds: [lane.id], source: 'Bench sensor' }],
    );
    const missing = await core.handle('lanes:add', { profileId: profile.id, target: { kind: 'bridge', bridgeId: 'no-such-bridge' }, decoder: 'json' });
    assert.deepStrictEqual(missing.ok ? null : missing.error.code, 'NOT_FOUND');
  });

  test('a read-only profile: records are counted and shown, nothing is published, the status says receive-only', async () => {
    const profile = await connectedProfile('Shared lab', true);
    const received = await subscriber('shared:telemetry');
    const { bridge, port } = await udpBridge(profile.id, 'Shared board', { channelTemplate: 'shared:telemetry' });
    for (let n = 1; n <= 3; n++) await sendDatagram(port, JSON.stringify({ n }));
    await untilAsync('three records in', async () => (await statusOf(profile.id, bridge.config.id)).counters.recordsIn === 3);
    const status = await statusOf(profile.id, bridge.config.id);
    // A marker published after the records: had the bridge published, its messages would be there first.
    const marker = new Redis({ host: '127.0.0.1', port: server.port });
    await marker.publish('shared:telemetry', 'marker');
    marker.disconnect();
    await until('the marker', () => received.messages.length > 0);
    assert.deepStrictEqual(
      { published: status.counters.recordsPublished, buffered: status.buffered.count, reason: status.receiveOnlyReason, received: received.messages },
      { published: 0, buffered: 0, reason: 'receive-only: the profile is read-only', received: ['marker'] },
    );
  });

  test('Redis stopped: records wait up to the cap, the oldest are dropped and counted, the rest are published when it is back', async () => {
    const profile = await connectedProfile('Flaky lab');
    const received = await subscriber('flaky:telemetry');
    const { bridge, port } = await udpBridge(profile.id, 'Flaky board', { channelTemplate: 'flaky:telemetry', shouldWrapInEnvelope: false });
    server.pause();
    try {
      await until('the connection to notice', () => states.get(profile.id)?.state !== 'ready', 10_000);
      const total = 10_300;
      // In batches the bridge reads before the next, so the kernel's receive buffer never overflows.
      for (let n = 1; n <= total; n++) {
        await sendDatagram(port, `{"n":${n}}`);
        if (n % 500 === 0 || n === total) await untilAsync(`${n} records in`, async () => (await statusOf(profile.id, bridge.config.id)).counters.recordsIn === n);
      }
      const waiting = await statusOf(profile.id, bridge.config.id);
      assert.deepStrictEqual([waiting.buffered.count, waiting.counters.droppedRecords, waiting.counters.recordsPublished], [10_000, 300, 0]);
      assert.match(waiting.lastError?.message ?? '', /oldest are dropped/);
    } finally {
      server.resume();
    }
    await until('the connection to be back', () => states.get(profile.id)?.state === 'ready', 20_000);
    await until('ten thousand messages', () => received.messages.length === 10_000, 20_000);
    assert.deepStrictEqual([received.messages[0], received.messages.at(-1)], ['{"n":301}', '{"n":10300}']);
    const flushed = await statusOf(profile.id, bridge.config.id);
    assert.deepStrictEqual([flushed.buffered.count, flushed.counters.recordsPublished], [0, 10_000]);
  });
});
