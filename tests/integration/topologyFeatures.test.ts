/**
 * Plots, alerts and bridges on Sentinel and Cluster profiles, with the bus
 * core (every feature) against a real 1-master/1-replica/3-sentinel group
 * and a real 3-master/3-replica cluster (issue #15: "Plots, alerts and
 * bridges work unchanged, because they sit on the source seam"). On each:
 * a telemetry plot draws a field of messages published by a plain client,
 * a threshold rule fires on them, and a UDP bridge publishes a device's
 * records into the topology and writes a command published there to the
 * device once.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { before, describe, test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { defaultBridgeRouting, defaultUdpSettings, type BridgeView } from '../../src/shared/bridges';
import { DEFAULT_ALERT_SETTINGS, type AlertList, type ThresholdRule } from '../../src/shared/features/alertsContract';
import type { PlotInfo } from '../../src/shared/plots';
import { defaultTlsSettings, type ProfileTopology } from '../../src/shared/profile';
import { startBusCore, type BusCoreOnTopology } from '../support/busCoreOnTopology';
import { findFreePort } from '../support/freePort';
import { startRedisCluster } from '../support/redisCluster';
import { startRedisServer } from '../support/redisServer';
import { startSentinelGroup } from '../support/sentinelGroup';
import { suiteCleanups } from '../support/unhandledRejections';
import { pollUntil } from '../support/topologyProcesses';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const READY_MS = 30_000;
let bus: BusCoreOnTopology;

before(async () => {
  bus = await startBusCore('topology-features');
  cleanups.push(() => bus.dispose());
});

/** What the test needs of a topology: publish like a lab's own client, and hear what was published. */
interface TopologyClients {
  publish(channel: string, payload: string): Promise<unknown>;
  subscriber: Redis;
}

function udpSocket(): Promise<{ socket: Socket; port: number; received: string[] }> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (message) => received.push(message.toString('utf8')));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port, received })));
}

async function featuresWork(name: string, topology: ProfileTopology, clients: TopologyClients, port = 6379): Promise<void> {
  const core = bus.core;
  // Host and port name the server only on a standalone profile (the default port is never dialled otherwise).
  const profile = await bus.openProfile(name, topology, { host: '127.0.0.1', port });
  const channel = `lab:${profile.id}:telemetry`;

  // A threshold rule and a telemetry plot on the same channel.
  const rule: ThresholdRule = {
    kind: 'threshold',
    id: 'co2-high',
    name: 'CO2 high',
    channel,
    fieldPath: 'data.co2',
    operator: '>',
    value: 1000,
    pendingSeconds: 0,
    resolveSeconds: 0,
    severity: 'critical',
  };
  valueOf(await core.handle('alerts:saveSettings', { profileId: profile.id, settings: { ...DEFAULT_ALERT_SETTINGS, rules: [rule] } }));
  const plot = valueOf(
    await core.handle('plots:open', {
      profileId: profile.id,
      spec: { kind: 'telemetry', target: { kind: 'channel', name: channel }, fieldPaths: ['data.co2'], match: null, timeSource: 'receive', windowSeconds: 60, pixelWidth: 400 },
    }),
  ) as PlotInfo;
  const drawn = (): number[] =>
    bus.plotFrames.filter((frame) => frame.plotId === plot.plotId).flatMap((frame) => Array.from(frame.ys[0] ?? []).filter((value) => !Number.isNaN(value)));
  let co2 = 1200;
  const publishing = setInterval(() => void clients.publish(channel, JSON.stringify({ type: 'telemetry', data: { co2: co2++ } })).catch(() => undefined), 50);
  try {
    await until(`${name}: the plot draws the published values`, () => drawn().some((value) => value >= 1200), READY_MS);
    await pollUntil(
      `${name}: the rule fires`,
      async () => {
        const listed = valueOf(await core.handle('alerts:list', { profileId: profile.id })) as AlertList;
        return listed.alerts.some((alert) => alert.origin === 'threshold' && alert.source === channel && alert.rule === 'CO2 high' && alert.state === 'firing');
      },
      READY_MS,
    );
  } finally {
    clearInterval(publishing);
  }

  // A UDP bridge: records in, published into the topology; a command out, written to the device once.
  const device = await udpSocket();
  const commandChannel = `lab:${profile.id}:commands`;
  const heard: string[] = [];
  await clients.subscriber.subscribe(`lab:${profile.id}:records`);
  clients.subscriber.on('message', (_channel: string, message: string) => heard.push(message));
  const draft = {
    name: `${name} board`,
    kind: 'udp' as const,
    udp: { ...defaultUdpSettings(), listenPort: await findFreePort(), commandHost: '127.0.0.1', commandPort: device.port },
    framing: { kind: 'lines' as const, ending: 'lf' as const },
    format: { kind: 'json' as const },
    routing: { ...defaultBridgeRouting(), channelTemplate: `lab:${profile.id}:records`, commandChannel },
    shouldStartWithProfile: false,
  };
  const bridge = valueOf(await core.handle('bridges:save', { profileId: profile.id, draft })) as BridgeView;
  valueOf(await core.handle('bridges:start', { profileId: profile.id, bridgeId: bridge.config.id }));
  await pollUntil(`${name}: the bridge listens`, async () => {
    const views = valueOf(await core.handle('bridges:list', { profileId: profile.id })) as BridgeView[];
    return views.some((view) => view.config.id === bridge.config.id && view.status.state === 'running');
  }, READY_MS);
  const sender = await udpSocket();
  let sent = 0;
  const sending = setInterval(() => sender.socket.send(`{"device_id":"d1","n":${++sent}}\n`, draft.udp.listenPort, '127.0.0.1'), 50);
  try {
    await until(`${name}: a record published by the bridge`, () => heard.some((message) => message.includes('"device_id":"d1"')), READY_MS).catch(async (error: unknown) => {
      const views = valueOf(await core.handle('bridges:list', { profileId: profile.id })) as BridgeView[];
      throw new Error(`${String(error)}; the bridge says ${JSON.stringify(views.map((view) => view.status))}`);
    });
  } finally {
    clearInterval(sending);
  }
  const envelope = JSON.parse(heard[0] ?? '{}') as { channel?: string; data?: { device_id?: string } };
  assert.deepStrictEqual([envelope.channel, envelope.data?.device_id], [`lab:${profile.id}:records`, 'd1']);

  // Published by a lab client into the topology: the bridge's command subscription is on the source seam too.
  await pollUntil(`${name}: the bridge's command subscription`, async () => {
    await clients.publish(commandChannel, '{"cmd":"fan","on":true}');
    return device.received.length > 0;
  }, READY_MS);
  await clients.publish(commandChannel, '{"cmd":"fan","on":false}');
  await until(`${name}: the second command written`, () => device.received.some((text) => text.includes('"on":false')));
  assert.equal(device.received.filter((text) => text.includes('"on":false')).length, 1, 'written once');
  valueOf(await core.handle('bridges:stop', { profileId: profile.id, bridgeId: bridge.config.id }));
  valueOf(await core.handle('connection:close', { profileId: profile.id }));
}

describe('plots, alerts and bridges on a standalone profile (the same steps, for comparison)', () => {
  test('a plot draws, a rule fires, a bridge publishes and takes a command', async () => {
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    const publisher = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
    const subscriber = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
    for (const client of [publisher, subscriber]) {
      client.on('error', () => undefined);
      cleanups.push(() => void client.disconnect());
    }
    await featuresWork('Bench lab', { mode: 'standalone' }, { publish: (channel, payload) => publisher.publish(channel, payload), subscriber }, server.port);
  });
});

describe('plots, alerts and bridges on a Sentinel profile', () => {
  test('a plot draws, a rule fires, a bridge publishes and takes a command, through the sentinels', async () => {
    const group = await startSentinelGroup();
    cleanups.push(() => group.stop());
    const masterPort = await group.masterPort();
    const publisher = new Redis({ host: '127.0.0.1', port: masterPort, maxRetriesPerRequest: 1 });
    const subscriber = new Redis({ host: '127.0.0.1', port: masterPort, maxRetriesPerRequest: 1 });
    for (const client of [publisher, subscriber]) {
      client.on('error', () => undefined);
      cleanups.push(() => void client.disconnect());
    }
    const topology: ProfileTopology = {
      mode: 'sentinel',
      sentinels: group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })),
      masterName: group.masterName,
      sentinelUsername: '',
      sentinelTls: defaultTlsSettings(),
    };
    await featuresWork('Sentinel lab', topology, { publish: (channel, payload) => publisher.publish(channel, payload), subscriber });
  });
});

describe('plots, alerts and bridges on a Cluster profile', () => {
  test('a plot draws, a rule fires, a bridge publishes and takes a command, across the shards', async () => {
    const cluster = await startRedisCluster();
    cleanups.push(() => cluster.stop());
    const publisher = new Cluster(cluster.ports.slice(0, 3).map((port) => ({ host: '127.0.0.1', port })));
    // A classic PUBLISH reaches every node: a subscriber on the last node (a replica) hears what is published anywhere.
    const subscriber = new Redis({ host: '127.0.0.1', port: cluster.ports[5] ?? 0, maxRetriesPerRequest: 1 });
    for (const client of [publisher, subscriber]) {
      client.on('error', () => undefined);
      cleanups.push(() => void client.disconnect());
    }
    const topology: ProfileTopology = { mode: 'cluster', seeds: cluster.ports.slice(0, 2).map((port) => ({ host: '127.0.0.1', port })), natMap: [] };
    await featuresWork('Cluster lab', topology, { publish: (channel, payload) => publisher.publish(channel, payload), subscriber });
  });
});
