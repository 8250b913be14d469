/**
 * Bridges end to end with real parts: a real redis-server, the bus core with
 * every feature, real UDP sockets on loopback and (serial) a socat pty pair
 * standing in for the device. Messages are read with a plain ioredis
 * subscriber, as a lab's own code would.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { BusCore } from '../../src/bus/busCore';
import { defaultBridgeRouting, defaultSerialSettings, defaultUdpSettings, type BridgeDraft, type Framing, type RecordFormat, type BridgeRouting, type BridgeView } from '../../src/shared/bridges';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { FeedSnapshot, Lane } from '../../src/shared/liveChannels';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { findFreePort } from '../support/freePort';
import { openBenchEnd, startSocatPty, type BenchEnd, type SocatPty } from '../support/socatPty';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { startBridgeTestBus, type BridgeTestBus } from '../support/bridgeTestBus';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, untilAsync, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let bus: BridgeTestBus;
let server: TestRedisServer;
let core: BusCore;
let dataDir: string;
let states: Map<string, ConnectionState>;
let sender: Socket;

before(async () => {
  bus = await startBridgeTestBus(cleanups, { dataDirPrefix: 'labwire-bridges-' });
  ({ server, core, dataDir, states } = bus);
  sender = createSocket('udp4');
  cleanups.push(() => new Promise<void>((resolve) => sender.close(() => resolve())));
});

after(async () => undefined);

const connectedProfile = (name: string, isReadOnly = false): Promise<Profile> => bus.connectedProfile(name, isReadOnly);
const statusOf = (profileId: string, bridgeId: string): Promise<BridgeView['status']> => bus.statusOf(profileId, bridgeId);

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
  await untilAsync(`${name} to listen`, async () => (await statusOf(profileId, bridge.config.id)).state === 'running');
  return { bridge, port };
}

function sendDatagram(port: number, bytes: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => sender.send(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
}

describe('bridges with their profile', () => {
  test('a bridge that starts with its profile starts when the profile connects; deleting the profile removes its bridges file', async () => {
    const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Startup lab', host: '127.0.0.1', port: server.port })) as Profile;
    const port = await findFreePort();
    const draft: BridgeDraft = {
      name: 'Starts with the lab',
      kind: 'udp',
      udp: { ...defaultUdpSettings(), listenPort: port },
      framing: { kind: 'lines', ending: 'lf' },
      format: { kind: 'json' },
      routing: defaultBridgeRouting(),
      shouldStartWithProfile: true,
    };
    const saved = valueOf(await core.handle('bridges:save', { profileId: profile.id, draft })) as BridgeView;
    const file = join(dataDir, 'bridges', `${encodeURIComponent(profile.id)}.json`);
    assert.deepStrictEqual([saved.status.state, ((await stat(file)).mode & 0o777).toString(8)], ['stopped', '600']);
    valueOf(await core.handle('connection:open', { profileId: profile.id }));
    await untilAsync('the bridge to start with the profile', async () => (await statusOf(profile.id, saved.config.id)).state === 'running');
    // Stopped by the user, it stays stopped when the connection comes back.
    valueOf(await core.handle('bridges:stop', { profileId: profile.id, bridgeId: saved.config.id }));
    const admin = new Redis({ host: '127.0.0.1', port: server.port });
    await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    admin.disconnect();
    await until('the connection to drop', () => states.get(profile.id)?.state !== 'ready', 10_000);
    await until('the connection to be back', () => states.get(profile.id)?.state === 'ready', 20_000);
    assert.equal((await statusOf(profile.id, saved.config.id)).state, 'stopped');
    valueOf(await core.handle('profiles:delete', { id: profile.id }));
    await untilAsync('the bridges file to go', async () => !(await stat(file).then(() => true, () => false)));
  });
});

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
    await untilAsync('both answers counted', async () => (await statusOf(profile.id, bridge.config.id)).counters.recordsPublished === 2);
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
    // Subscribers can hear a batch before its publisher has Redis's answers.
    await untilAsync('every answer counted', async () => (await statusOf(profile.id, bridge.config.id)).counters.recordsPublished === 10_000);
    const flushed = await statusOf(profile.id, bridge.config.id);
    assert.deepStrictEqual([flushed.buffered.count, flushed.counters.recordsPublished, flushed.counters.droppedRecords], [0, 10_000, 300]);
  });
});

/** A pty pair, its bench end opened, and a serial bridge on the device end, started. */
async function serialBridge(profileId: string, name: string, framing: Framing, routing: Partial<BridgeRouting> = {}, format: RecordFormat = { kind: 'json' }): Promise<{ bridge: BridgeView; pty: SocatPty; bench: BenchEnd }> {
  const pty = await startSocatPty();
  cleanups.push(() => pty.stop());
  const bench = await openBenchEnd(pty.benchPath);
  cleanups.push(() => bench.close());
  const draft: BridgeDraft = {
    name,
    kind: 'serial',
    serial: { ...defaultSerialSettings(), path: pty.devicePath, stallAfterMs: 0 },
    framing,
    format,
    routing: { ...defaultBridgeRouting(), ...routing },
    shouldStartWithProfile: false,
  };
  const bridge = valueOf(await core.handle('bridges:save', { profileId, draft })) as BridgeView;
  valueOf(await core.handle('bridges:start', { profileId, bridgeId: bridge.config.id }));
  await untilAsync(`${name} to open`, async () => (await statusOf(profileId, bridge.config.id)).state === 'running');
  return { bridge, pty, bench };
}

describe('serial bridge on a socat pty', () => {
  test('JSON lines become enveloped messages; garbage and a half record are counted, nothing garbage is published', async () => {
    const profile = await connectedProfile('Mycology lab');
    const received = await subscriber('devices:board-1:telemetry');
    const { bridge, bench } = await serialBridge(profile.id, 'Fruiting chamber', { kind: 'lines', ending: 'any' }, { channelTemplate: 'devices:{device_id}:telemetry', deviceId: 'board-1' });
    await bench.write('{"co2":812,"rh":91.5}\r\n{"co2":8');
    await bench.write('15,"rh":91.4}\r\n\u0000\u00ff garbage }{\r\n{"device_id":"board-1","co2":"high"}\n');
    await until('three messages', () => received.messages.length === 3);
    assert.deepStrictEqual(
      received.messages.map((text) => {
        const envelope = JSON.parse(text) as { channel: string; source: string; data: unknown };
        return { channel: envelope.channel, source: envelope.source, data: envelope.data };
      }),
      [
        { channel: 'devices:board-1:telemetry', source: 'Fruiting chamber', data: { co2: 812, rh: 91.5 } },
        { channel: 'devices:board-1:telemetry', source: 'Fruiting chamber', data: { co2: 815, rh: 91.4 } },
        { channel: 'devices:board-1:telemetry', source: 'Fruiting chamber', data: { device_id: 'board-1', co2: 'high' } },
      ],
    );
    await untilAsync('three answers counted', async () => (await statusOf(profile.id, bridge.config.id)).counters.recordsPublished === 3);
    const status = await statusOf(profile.id, bridge.config.id);
    assert.deepStrictEqual([status.counters.recordsIn, status.counters.recordsPublished, status.counters.badRecords], [4, 3, 1]);
  });

  test('a command published to the command channel arrives once on the device end, framed as a line', async () => {
    const profile = await connectedProfile('Command lab');
    const { bridge, bench } = await serialBridge(profile.id, 'Pump board', { kind: 'lines', ending: 'crlf' }, { commandChannel: 'devices:{device_id}:commands', deviceId: 'pump-2' });
    const publisher = new Redis({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => void publisher.disconnect());
    await untilAsync('the command subscription', async () => Number((await publisher.pubsub('NUMSUB', 'devices:pump-2:commands'))[1]) === 1);
    await publisher.publish('devices:pump-2:commands', '{"set":"flow","ml_per_min":2.5}');
    await until('the command on the device end', () => bench.received().length > 0);
    await untilAsync('the command counted', async () => (await statusOf(profile.id, bridge.config.id)).counters.commandsOut === 1);
    assert.equal(bench.received().toString('utf8'), '{"set":"flow","ml_per_min":2.5}\r\n');
  });

  test('unplug and replug (socat killed and restarted): the bridge reopens and records flow again', async () => {
    const profile = await connectedProfile('Replug lab');
    const received = await subscriber('replug:telemetry');
    const { bridge, pty, bench } = await serialBridge(profile.id, 'Replug board', { kind: 'lines', ending: 'lf' }, { channelTemplate: 'replug:telemetry', shouldWrapInEnvelope: false });
    await bench.write('{"n":1}\n');
    await until('the first message', () => received.messages.length === 1);
    await bench.close();
    await pty.kill();
    await untilAsync('the bridge to see the unplug', async () => (await statusOf(profile.id, bridge.config.id)).state === 'reopening');
    await pty.restart();
    const replugged = await openBenchEnd(pty.benchPath);
    cleanups.push(() => replugged.close());
    await untilAsync('the bridge to reopen', async () => (await statusOf(profile.id, bridge.config.id)).state === 'running', 15_000);
    await replugged.write('{"n":2}\n');
    await until('the second message', () => received.messages.length === 2);
    const status = await statusOf(profile.id, bridge.config.id);
    assert.deepStrictEqual({ messages: received.messages, reopened: status.counters.reopenCount }, { messages: ['{"n":1}', '{"n":2}'], reopened: 1 });
    assert.ok(status.lastError !== null, 'the unplug is shown in words');
  });

  test('COBS round trip: a raw frame with zero bytes from the device becomes one message as it was, a command goes out COBS-framed', async () => {
    const profile = await connectedProfile('COBS lab');
    const received = await subscriber('cobs:telemetry');
    const { bridge, bench } = await serialBridge(profile.id, 'COBS board', { kind: 'cobs' }, { channelTemplate: 'cobs:telemetry', shouldWrapInEnvelope: false, commandChannel: 'cobs:commands' }, { kind: 'raw' });
    const record = Buffer.from([0x11, 0x00, 0x00, 0x22, 0x33, 0x00]);
    await bench.write(Buffer.concat([encodeCobs(record), Buffer.from([0])]));
    await until('one message', () => received.messages.length === 1);
    assert.equal(received.messages[0], record.toString('utf8'));
    const publisher = new Redis({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => void publisher.disconnect());
    await untilAsync('the command subscription', async () => Number((await publisher.pubsub('NUMSUB', 'cobs:commands'))[1]) === 1);
    await publisher.publish('cobs:commands', Buffer.from([1, 0, 2]));
    await until('the command on the device end', () => bench.received().length === 5);
    assert.deepStrictEqual([...bench.received()], [0x02, 0x01, 0x02, 0x02, 0x00]);
    assert.equal((await statusOf(profile.id, bridge.config.id)).counters.commandsOut, 1);
  });
});

/** COBS as the device writes it: the test's own small encoder, so the bridge's is checked against an independent one. */
function encodeCobs(data: Buffer): Buffer {
  const out: number[] = [];
  let codeIndex = out.push(0) - 1;
  let code = 1;
  for (const byte of data) {
    if (byte === 0) {
      out[codeIndex] = code;
      codeIndex = out.push(0) - 1;
      code = 1;
      continue;
    }
    out.push(byte);
    code++;
    if (code === 0xff) {
      out[codeIndex] = code;
      codeIndex = out.push(0) - 1;
      code = 1;
    }
  }
  out[codeIndex] = code;
  return Buffer.from(out);
}

describe('a server that refuses scripts', () => {
  test('records are still published, one PUBLISH each, when the ACL user may not run EVAL', async () => {
    const strict = await startRedisServer();
    cleanups.push(() => strict.stop());
    const admin = new Redis({ host: '127.0.0.1', port: strict.port });
    cleanups.push(() => void admin.disconnect());
    await admin.call('ACL', 'SETUSER', 'default', '-@scripting');
    const listener = new Redis({ host: '127.0.0.1', port: strict.port });
    cleanups.push(() => void listener.disconnect());
    const messages: string[] = [];
    listener.on('message', (_channel: string, text: string) => messages.push(text));
    await listener.subscribe('strict:telemetry');
    const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Strict lab', host: '127.0.0.1', port: strict.port })) as Profile;
    valueOf(await core.handle('connection:open', { profileId: profile.id }));
    await until('Strict lab to be ready', () => states.get(profile.id)?.state === 'ready', 10_000);
    const { bridge, port } = await udpBridge(profile.id, 'Strict board', { channelTemplate: 'strict:telemetry', shouldWrapInEnvelope: false });
    for (let n = 1; n <= 3; n++) await sendDatagram(port, `{"n":${n}}`);
    await until('three messages', () => messages.length === 3);
    await untilAsync('three answers counted', async () => (await statusOf(profile.id, bridge.config.id)).counters.recordsPublished === 3);
    assert.deepStrictEqual(messages, ['{"n":1}', '{"n":2}', '{"n":3}']);
    assert.equal((await statusOf(profile.id, bridge.config.id)).counters.droppedRecords, 0);
  });
});
