/**
 * Features that used to work on one server only, on a real 3-master,
 * 3-replica Cluster through the real bus core: the demo simulator (its
 * traffic reaches a lane; its stream, group and dead letters exist under one
 * hash tag), channel discovery (a subscriber connected to a REPLICA is found;
 * a dead node is named), and the one publish path the simulator and alerts
 * use (a publish written to a master that dies before answering is reported
 * as maybe-arrived and never sent again). One cluster for the file; the tests
 * run in order and the last ones kill a master.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { DEMO_CLUSTER_KEYS, DEMO_TASK_GROUP } from '../../src/bus/simulator/streamWork/demoStreamWork';
import type { ClusterNodesAsked } from '../../src/shared/clusterDiscovery';
import type { DiscoveredChannel, Lane } from '../../src/shared/liveChannels';
import type { Profile } from '../../src/shared/profile';
import type { SimulatorStatus } from '../../src/shared/simulator';
import { startBusCore, type BusCoreOnTopology } from '../support/busCoreOnTopology';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisCluster, type TestRedisCluster } from '../support/redisCluster';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const MARKER = 'marker';

let cluster: TestRedisCluster;
let bus: BusCoreOnTopology;
let profile: Profile;

interface ClusterNodeLine {
  id: string;
  port: number;
  isMaster: boolean;
  masterId: string;
}

async function clusterNodes(): Promise<ClusterNodeLine[]> {
  for (const port of cluster.ports) {
    try {
      const text = String(await runOn(port, (client) => client.call('CLUSTER', 'NODES')));
      return text
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .filter((columns) => !(columns[2] ?? '').includes('fail'))
        .map((columns) => ({ id: columns[0] ?? '', port: Number((columns[1] ?? '').split('@')[0]?.split(':')[1]), isMaster: (columns[2] ?? '').includes('master'), masterId: columns[3] ?? '-' }));
    } catch {
      // A killed node: ask the next.
    }
  }
  throw new Error('no cluster node answers');
}

async function discover(pattern: string): Promise<{ channels: DiscoveredChannel[]; clusterNodes?: ClusterNodesAsked }> {
  return valueOf(await bus.core.handle('channels:discover', { profileId: profile.id, pattern })) as { channels: DiscoveredChannel[]; clusterNodes?: ClusterNodesAsked };
}

before(async () => {
  cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  bus = await startBusCore('cluster-features');
  cleanups.push(() => bus.dispose());
  const seeds = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  profile = await bus.openProfile('Lab cluster', { mode: 'cluster', seeds, natMap: [] }, seeds[0] ?? { host: '127.0.0.1', port: 0 });
});

test('demo traffic on a Cluster: a lane receives it, and the demo stream has its group and dead letters under one hash tag', async () => {
  const lane = valueOf(await bus.core.handle('lanes:add', { profileId: profile.id, target: { kind: 'channel', name: 'user:demo1:raw' }, decoder: 'auto' })) as Lane;
  valueOf(await bus.core.handle('simulator:start', { profileId: profile.id, options: { eegUsers: 1, eegRateHz: 20, eegChannels: 2, shouldPublishLabChannels: true } }));
  cleanups.push(async () => void (await bus.core.handle('simulator:stop', { profileId: profile.id })));
  await until('the lane to receive demo EEG', () => bus.sink.messages().some((message) => message.laneIds.includes(lane.id)), 20_000);

  const reader = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
  cleanups.push(() => reader.disconnect());
  reader.on('error', () => undefined);
  // Poison tasks reach the dead letters after three deliveries: the move script ran, so its keys shared a slot.
  await pollUntil('demo dead letters on the cluster', async () => (await reader.xlen(DEMO_CLUSTER_KEYS.deadLetters)) > 0, 40_000);
  const groups = (await reader.xinfo('GROUPS', DEMO_CLUSTER_KEYS.stream)) as unknown[][];
  const status = valueOf(await bus.core.handle('simulator:stop', { profileId: profile.id })) as SimulatorStatus;
  const afterStop = valueOf(await bus.core.handle('simulator:status', { profileId: profile.id })) as SimulatorStatus;

  assert.deepStrictEqual(
    { groups: groups.map((group) => group[1]), streamLength: (await reader.xlen(DEMO_CLUSTER_KEYS.stream)) > 0, state: status.state, after: afterStop.state },
    { groups: [DEMO_TASK_GROUP], streamLength: true, state: 'stopped', after: 'stopped' },
  );
});

test('discovery finds a subscriber connected to a replica, asking every node', async () => {
  const replica = (await clusterNodes()).find((node) => !node.isMaster);
  assert.ok(replica, 'the cluster has a replica');
  const subscriber = new Redis({ host: '127.0.0.1', port: replica.port, lazyConnect: true, retryStrategy: () => null });
  subscriber.on('error', () => undefined);
  cleanups.push(() => subscriber.disconnect());
  await subscriber.connect();
  await subscriber.subscribe('lab:on-replica');

  const found = await discover('lab:on-replica*');
  assert.deepStrictEqual(
    { channels: found.channels.map((channel) => [channel.subscribeName, channel.subscribers]), nodes: found.clusterNodes },
    { channels: [['lab:on-replica', 1]], nodes: { asked: 6, answered: 6, unanswered: [] } },
  );
});

test('the one publish path (simulator, alerts): written to a master that dies before answering is "may have arrived", never sent twice; discovery then names the dead node', async () => {
  const registry = new ConnectionRegistry({ ...new ConnectionStateRecorder().listeners, timing: { connectTimeoutMs: 5_000, retryBaseMs: 100, retryMaxMs: 500 } });
  cleanups.push(() => registry.dispose());
  registry.open('direct', { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'cluster', seeds: cluster.ports.map((port) => ({ host: '127.0.0.1', port })), natMap: [] } });
  await pollUntil('the registry profile to be ready', async () => registry.stateOf('direct').state === 'ready', 20_000);

  const nodes = await clusterNodes();
  const channel = await channelOwnedByMasterWithReplica(nodes);
  const subscriber = new Redis({ host: '127.0.0.1', port: channel.replicaPort, lazyConnect: true, retryStrategy: () => null });
  subscriber.on('error', () => undefined);
  cleanups.push(() => subscriber.disconnect());
  await subscriber.connect();
  const received: string[] = [];
  subscriber.on('smessage', (_channel: string, message: string) => received.push(message));
  await subscriber.ssubscribe(channel.name);

  const warmUp = await registry.publish('direct', channel.name, Buffer.from('warm-up'), 'spublish');
  // The replica hears an SPUBLISH through the replication stream, after the master answered: wait for it before stopping the master.
  await until('the warm-up on the replica', () => received.includes('warm-up'), 10_000);
  const master = cluster.nodes.find((node) => node.port === channel.masterPort);
  assert.ok(master);
  master.pause();
  const pending = registry.publish('direct', channel.name, Buffer.from('in flight'), 'spublish');
  // Long enough for the write to leave; the stopped master never reads it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await master.kill();
  const outcome = await pending;
  await pollUntil('the replica to be promoted', async () => String(((await runOn(channel.replicaPort, (client) => client.call('ROLE'))) as unknown[])[0]) === 'master', 40_000);
  await runOn(channel.replicaPort, (client) => client.spublish(channel.name, MARKER));
  await until('the marker', () => received.includes(MARKER), 10_000);
  const found = await discover('*');

  assert.deepStrictEqual(
    {
      warmUp,
      outcome: outcome.ok ? 'delivered' : { code: outcome.error.code, message: outcome.error.message },
      received,
      unanswered: found.clusterNodes?.unanswered,
      answered: found.clusterNodes?.answered,
    },
    {
      // SPUBLISH counts the subscribers of the node that ran it; this one listens on the replica.
      warmUp: { ok: true, value: 0 },
      outcome: { code: 'CONNECTION_LOST', message: "Sent, but the server's answer was lost (the connection dropped). It may or may not have arrived." },
      received: ['warm-up', MARKER],
      unanswered: [`master 127.0.0.1:${channel.masterPort}`],
      answered: 5,
    },
  );
});

/** A channel name whose slot a master with a live replica owns. */
async function channelOwnedByMasterWithReplica(nodes: ClusterNodeLine[]): Promise<{ name: string; masterPort: number; replicaPort: number }> {
  for (let index = 0; index < 200; index++) {
    const name = `lab:seq:${index}`;
    const slot = Number(await runOn(nodes[0]?.port ?? 0, (client) => client.call('CLUSTER', 'KEYSLOT', name)));
    const shards = (await runOn(nodes[0]?.port ?? 0, (client) => client.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number, string]][];
    const owner = shards.find(([first, last]) => slot >= first && slot <= last);
    const ownerId = owner?.[2][2];
    const replica = nodes.find((node) => node.masterId === ownerId);
    if (owner && replica) return { name, masterPort: owner[2][1], replicaPort: replica.port };
  }
  throw new Error('no master with a replica');
}
