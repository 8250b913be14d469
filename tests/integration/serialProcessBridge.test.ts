/**
 * A serial bridge with the process link forced (LABWIRE_SERIAL_LINK=process,
 * as Windows would choose it), end to end with real parts: the bus core, a
 * real redis-server, a socat pty pair as the device, and the port in a
 * child process. Also the link on a worker thread, as the bus runs it: the
 * child is forked from there, and ends when that thread goes away unasked.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { BusCore } from '../../src/bus/busCore';
import { SERIAL_LINK_VARIABLE } from '../../src/bus/bridges/serial/serialLinkKind';
import { defaultBridgeRouting, defaultSerialSettings, type BridgeDraft, type BridgeView } from '../../src/shared/bridges';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import type { LinkStatus } from '../../src/bus/bridges/bridgeLink';
import { openBenchEnd, startSocatPty } from '../support/socatPty';
import type { TestRedisServer } from '../support/redisServer';
import { startBridgeTestBus, type BridgeTestBus } from '../support/bridgeTestBus';
import { portProcessPids } from '../support/portProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, untilAsync, valueOf } from '../support/waitUntil';

process.env[SERIAL_LINK_VARIABLE] = 'process';

/** Starting a Node process that loads tsx takes seconds on this shared machine. */
const OPEN_WAIT_MS = 20_000;

const cleanups = suiteCleanups();
let bus: BridgeTestBus;
let server: TestRedisServer;
let core: BusCore;

before(async () => {
  bus = await startBridgeTestBus(cleanups, { dataDirPrefix: 'labwire-serial-process-' });
  ({ server, core } = bus);
});

const statusOf = (profileId: string, bridgeId: string): Promise<BridgeView['status']> => bus.statusOf(profileId, bridgeId);

describe('serial bridge with the process link forced', () => {
  test('JSON lines from the device become messages in Redis, and a published command reaches the device once', async () => {
    const profile = await bus.connectedProfile('Process lab');
    const pty = await startSocatPty();
    cleanups.push(() => pty.stop());
    const bench = await openBenchEnd(pty.benchPath);
    cleanups.push(() => bench.close());
    const subscriber = new Redis({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => void subscriber.disconnect());
    const messages: string[] = [];
    subscriber.on('message', (_channel: string, payload: string) => messages.push(payload));
    await subscriber.subscribe('devices:board-9:telemetry');
    const draft: BridgeDraft = {
      name: 'Board on Windows',
      kind: 'serial',
      serial: { ...defaultSerialSettings(), path: pty.devicePath, stallAfterMs: 0 },
      framing: { kind: 'lines', ending: 'any' },
      format: { kind: 'json' },
      routing: { ...defaultBridgeRouting(), channelTemplate: 'devices:{device_id}:telemetry', deviceId: 'board-9', commandChannel: 'devices:{device_id}:commands', shouldWrapInEnvelope: false },
      shouldStartWithProfile: false,
    };
    const bridge = valueOf(await core.handle('bridges:save', { profileId: profile.id, draft })) as BridgeView;
    valueOf(await core.handle('bridges:start', { profileId: profile.id, bridgeId: bridge.config.id }));
    await untilAsync('the bridge running', async () => (await statusOf(profile.id, bridge.config.id)).state === 'running', OPEN_WAIT_MS);
    assert.equal((await portProcessPids()).length, 1, 'the port is in a child process');

    await bench.write('{"co2":812}\r\n{"co2":815}\r\nnot json\r\n');
    await until('two messages', () => messages.length === 2);
    const publisher = new Redis({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => void publisher.disconnect());
    await untilAsync('the command subscription', async () => Number((await publisher.pubsub('NUMSUB', 'devices:board-9:commands'))[1]) === 1);
    await publisher.publish('devices:board-9:commands', '{"fan":"on"}');
    await untilAsync('the command counted', async () => (await statusOf(profile.id, bridge.config.id)).counters.commandsOut === 1);
    await until('the command on the device end', () => bench.received().length > 0);
    // A round trip through the port process after the command: a second copy would be on the device end by now.
    await bench.write('{"co2":820}\n');
    await until('the third message', () => messages.length === 3);
    const status = await statusOf(profile.id, bridge.config.id);
    assert.deepStrictEqual(
      { messages, device: bench.received().toString(), counters: [status.counters.recordsIn, status.counters.badRecords, status.counters.commandsOut, status.counters.droppedByLink] },
      { messages: ['{"co2":812}', '{"co2":815}', '{"co2":820}'], device: '{"fan":"on"}\n', counters: [4, 1, 1, 0] },
    );

    valueOf(await core.handle('bridges:stop', { profileId: profile.id, bridgeId: bridge.config.id }));
    assert.deepStrictEqual(await portProcessPids(), []);
  });

  test('in the desktop app (Electron cannot fork it) the bridge fails in words and starts no process', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'labwire-serial-desktop-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const desktop = await BusCore.create({ host: 'desktop', appVersion: 'test', dataDir, keySource: { kind: 'none', reason: 'tests keep no secrets' }, emit: () => undefined });
    cleanups.push(() => desktop.dispose());
    const profile = valueOf(await desktop.handle('profiles:save', { ...defaultProfileFields(), name: 'Desktop lab', host: '127.0.0.1', port: server.port })) as Profile;
    const pty = await startSocatPty();
    cleanups.push(() => pty.stop());
    const draft: BridgeDraft = {
      name: 'Board in the desktop app',
      kind: 'serial',
      serial: { ...defaultSerialSettings(), path: pty.devicePath, stallAfterMs: 0 },
      framing: { kind: 'lines', ending: 'any' },
      format: { kind: 'json' },
      routing: defaultBridgeRouting(),
      shouldStartWithProfile: false,
    };
    const bridge = valueOf(await desktop.handle('bridges:save', { profileId: profile.id, draft })) as BridgeView;
    valueOf(await desktop.handle('bridges:start', { profileId: profile.id, bridgeId: bridge.config.id }));
    const statusInDesktop = async (): Promise<BridgeView['status']> => {
      const views = valueOf(await desktop.handle('bridges:list', { profileId: profile.id })) as BridgeView[];
      return views[0]!.status;
    };
    await untilAsync('the bridge to fail', async () => (await statusInDesktop()).state === 'failed');
    assert.deepStrictEqual(
      { error: (await statusInDesktop()).lastError?.message, portProcesses: await portProcessPids() },
      { error: 'This serial bridge needs its port in a separate process, and this desktop app did not offer to start one; run the console in the browser (npm run serve) to use it.', portProcesses: [] },
    );
  });

  test('on a worker thread, as the bus runs: the port process is forked from there and ends when the thread goes away unasked', async () => {
    const pty = await startSocatPty();
    cleanups.push(() => pty.stop());
    const entryUrl = new URL('../support/serialLinkWorker.ts', import.meta.url).href;
    const tsxApiUrl = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsxApiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(entryUrl)}); });`;
    // The worker's environment is a copy of this process's, with the process link forced above.
    const worker = new Worker(bootstrap, { eval: true, workerData: { devicePath: pty.devicePath } });
    cleanups.push(async () => void (await worker.terminate()));
    const statuses: LinkStatus[] = [];
    worker.on('message', (message: { kind: string; status?: LinkStatus }) => {
      if (message.kind === 'status' && message.status !== undefined) statuses.push(message.status);
    });
    await until('open from the worker', () => statuses.at(-1)?.state === 'open', OPEN_WAIT_MS);
    const [child] = await portProcessPids();
    assert.ok(child !== undefined, 'a port process runs');

    // No stop(): the thread ends and its IPC channel with it; the port process must not outlive it.
    await worker.terminate();
    await untilAsync('the port process to end', async () => (await portProcessPids()).length === 0);
  });
});
