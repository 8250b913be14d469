/**
 * The bridge runtime with a FakeDeviceLink (the device is played; the
 * framing, record reading and envelope are the real ones) and a recording
 * host in place of the profile (Redis itself is real in
 * tests/integration/bridges.test.ts).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { BridgeRuntime, type BridgeRuntimeHost } from '../../src/bus/bridges/bridgeRuntime';
import { publishedBytesOf, type WaitingRecord } from '../../src/bus/bridges/publishBuffer';
import type { SourceMessage } from '../../src/bus/sources/messageSource';
import { defaultBridgeRouting, defaultSerialSettings, defaultUdpSettings, type BridgeConfig, type BridgeRouting } from '../../src/shared/bridges';
import { ok, type Result } from '../../src/shared/result';
import { FakeDeviceLink } from '../support/FakeDeviceLink';
import { until } from '../support/waitUntil';

class RecordingHost implements BridgeRuntimeHost {
  readonly published: Array<{ channel: string; payload: string }> = [];
  readonly lanes: SourceMessage[] = [];
  readonly commandListeners = new Map<string, (payload: Buffer) => void>();
  isReady = true;
  readOnlyReason: string | null = null;
  canPublish = (): boolean => this.isReady;
  publishBatch = async (records: readonly WaitingRecord[]): Promise<Result<Array<Result<number>>>> => {
    for (const record of records) this.published.push({ channel: record.channel, payload: publishedBytesOf(record).toString('utf8') });
    return ok(records.map(() => ok(1)));
  };
  receiveOnlyReason = (): string | null => this.readOnlyReason;
  hasLaneConsumers = (): boolean => true;
  deliverToLanes = (message: SourceMessage): void => void this.lanes.push({ ...message, payload: Buffer.from(message.payload) });
  subscribeCommands = (channel: string, onCommand: (payload: Buffer) => void): (() => void) => {
    this.commandListeners.set(channel, onCommand);
    return () => this.commandListeners.delete(channel);
  };
}

const running: BridgeRuntime[] = [];
afterEach(async () => {
  for (const runtime of running.splice(0)) await runtime.stop();
});

function serialBridge(routing: Partial<BridgeRouting> = {}): BridgeConfig {
  return {
    id: 'board-1',
    name: 'Incubator board',
    kind: 'serial',
    serial: { ...defaultSerialSettings(), path: '/dev/fake0' },
    framing: { kind: 'lines', ending: 'any' },
    format: { kind: 'json' },
    routing: { ...defaultBridgeRouting(), ...routing },
    shouldStartWithProfile: false,
  };
}

function startRuntime(config: BridgeConfig, host: RecordingHost, bufferCaps?: { maxCount: number; maxBytes: number }) {
  const link = new FakeDeviceLink();
  const runtime = new BridgeRuntime({ config, link, host, bufferCaps });
  running.push(runtime);
  runtime.start();
  return { link, runtime };
}

describe('BridgeRuntime', () => {
  test('each JSON line is published once on its channel in the envelope, and lanes get the same bytes', async () => {
    const host = new RecordingHost();
    const { link, runtime } = startRuntime(serialBridge({ channelTemplate: 'devices:{device_id}:telemetry' }), host);
    link.send('{"device_id":"inc-1","co2":41');
    link.send('2}\n{"device_id":"inc-2","co2":400}\n');
    await until('two publishes', () => host.published.length === 2);
    assert.deepEqual(
      host.published.map((p) => ({ channel: p.channel, channelField: JSON.parse(p.payload).channel, source: JSON.parse(p.payload).source, data: JSON.parse(p.payload).data })),
      [
        { channel: 'devices:inc-1:telemetry', channelField: 'devices:inc-1:telemetry', source: 'Incubator board', data: { device_id: 'inc-1', co2: 412 } },
        { channel: 'devices:inc-2:telemetry', channelField: 'devices:inc-2:telemetry', source: 'Incubator board', data: { device_id: 'inc-2', co2: 400 } },
      ],
    );
    assert.deepEqual(
      host.lanes.map((m) => ({ channel: m.channel.toString(), payload: m.payload.toString() })),
      host.published,
    );
    const counters = runtime.status().counters;
    assert.deepEqual([counters.recordsIn, counters.recordsPublished, counters.badRecords, runtime.status().state], [2, 2, 0, 'running']);
  });

  test('garbage is counted as bad with the reason in words, never published', async () => {
    const host = new RecordingHost();
    const { link, runtime } = startRuntime(serialBridge(), host);
    link.send('{"co2":1}\nnot json at all\n{"co2":2}\n');
    await until('two publishes', () => host.published.length === 2);
    const status = runtime.status();
    assert.deepEqual([status.counters.recordsIn, status.counters.badRecords, status.counters.recordsPublished], [3, 1, 2]);
    assert.match(status.lastError?.message ?? '', /^A record could not be read: /);
    assert.ok(host.published.every((p) => !p.payload.includes('not json')));
  });

  test('while Redis is away records wait up to the cap, the oldest are dropped and counted, the rest go when it is back', async () => {
    const host = new RecordingHost();
    host.isReady = false;
    const { link, runtime } = startRuntime(serialBridge(), host, { maxCount: 5, maxBytes: 1_000_000 });
    for (let n = 1; n <= 8; n++) link.send(`{"n":${n}}\n`);
    const waiting = runtime.status();
    assert.deepEqual([waiting.buffered.count, waiting.counters.droppedRecords, host.published.length], [5, 3, 0]);
    host.isReady = true;
    runtime.handleConnectionReady();
    await until('five publishes', () => host.published.length === 5);
    assert.deepEqual(host.published.map((p) => JSON.parse(p.payload).data.n), [4, 5, 6, 7, 8]);
    assert.equal(runtime.status().buffered.count, 0);
  });

  test('a read-only profile: records reach lanes, nothing is published, no command is subscribed or written', async () => {
    const host = new RecordingHost();
    host.readOnlyReason = 'receive-only: the profile is read-only';
    const { link, runtime } = startRuntime(serialBridge({ commandChannel: 'devices:{device_id}:commands', deviceId: 'inc-1' }), host);
    link.send('{"co2":1}\n');
    assert.equal(host.lanes.length, 1);
    assert.deepEqual([host.published.length, host.commandListeners.size, runtime.status().buffered.count], [0, 0, 0]);
    assert.equal(runtime.status().receiveOnlyReason, 'receive-only: the profile is read-only');
  });

  test('a command is framed and written once; a failed write is counted and not retried', async () => {
    const host = new RecordingHost();
    const { link, runtime } = startRuntime(serialBridge({ commandChannel: 'devices:{device_id}:commands', deviceId: 'inc-1' }), host);
    const sendCommand = host.commandListeners.get('devices:inc-1:commands');
    assert.ok(sendCommand, 'subscribed to the resolved command channel');
    sendCommand(Buffer.from('{"set":"fan","value":1}'));
    await until('one write', () => runtime.status().counters.commandsOut === 1);
    link.writeFailure = 'the device was unplugged';
    sendCommand(Buffer.from('{"set":"fan","value":0}'));
    await until('one failure', () => runtime.status().counters.failedCommands === 1);
    assert.deepEqual(link.writes.map((w) => w.toString()), ['{"set":"fan","value":1}\n']);
    assert.match(runtime.status().lastError?.message ?? '', /the device was unplugged/);
  });

  test('paused: the link stays open and read, nothing is shown or published; an unplug shows as reopening', async () => {
    const host = new RecordingHost();
    const { link, runtime } = startRuntime(serialBridge(), host);
    runtime.setPaused(true);
    link.send('{"n":1}\n');
    assert.deepEqual([runtime.status().state, runtime.status().counters.bytesIn, host.lanes.length, host.published.length], ['paused', 8, 0, 0]);
    runtime.setPaused(false);
    link.send('{"n":');
    link.setStatus({ state: 'reopening', endpoint: '/dev/fake0', detail: 'The device /dev/fake0 was unplugged; reopening in 2 s.' });
    assert.equal(runtime.status().state, 'reopening');
    link.setStatus({ state: 'open', endpoint: '/dev/fake0', detail: null });
    link.send('{"n":2}\n');
    await until('one publish', () => host.published.length === 1);
    const status = runtime.status();
    assert.deepEqual([status.counters.reopenCount, status.counters.badRecords, JSON.parse(host.published[0]!.payload).data], [1, 1, { n: 2 }]);
  });

  test('UDP datagrams are whole records; sequence gaps are counted', async () => {
    const host = new RecordingHost();
    const config: BridgeConfig = { ...serialBridge(), kind: 'udp', udp: { ...defaultUdpSettings(), sequencePath: 'seq' } } as BridgeConfig;
    const { link, runtime } = startRuntime(config, host);
    for (const seq of [1, 2, 5]) link.sendRecord(Buffer.from(JSON.stringify({ seq })));
    await until('three publishes', () => host.published.length === 3);
    assert.equal(runtime.status().counters.sequenceGaps, 2);
  });

  test("datagrams the link dropped while the bus was busy are counted apart from Redis drops", () => {
    const host = new RecordingHost();
    const config: BridgeConfig = { ...serialBridge(), kind: 'udp', udp: defaultUdpSettings() } as BridgeConfig;
    const { link, runtime } = startRuntime(config, host);
    let linkDrops = { chunks: 0, bytes: 0 };
    // The UDP link's worker counts what its full queue refused; the fake reports whatever the test sets.
    Object.assign(link, { droppedChunks: () => linkDrops });
    assert.equal(runtime.status().counters.droppedByLink, 0);
    linkDrops = { chunks: 37, bytes: 37_000 };
    const counters = runtime.status().counters;
    assert.deepEqual([counters.droppedByLink, counters.droppedRecords], [37, 0]);
  });
});
