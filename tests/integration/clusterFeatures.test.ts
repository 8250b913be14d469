/**
 * Features that used to work on one server only, on a real 3-master,
 * 3-replica Cluster through the real bus core: the demo simulator (its
 * traffic reaches a lane; its stream, group and dead letters exist under one
 * hash tag). One cluster for the file.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Cluster } from 'ioredis';
import { DEMO_CLUSTER_KEYS, DEMO_TASK_GROUP } from '../../src/bus/simulator/streamWork/demoStreamWork';
import type { Lane } from '../../src/shared/liveChannels';
import type { Profile } from '../../src/shared/profile';
import type { SimulatorStatus } from '../../src/shared/simulator';
import { startBusCore, type BusCoreOnTopology } from '../support/busCoreOnTopology';
import { startRedisCluster, type TestRedisCluster } from '../support/redisCluster';
import { pollUntil } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();

let cluster: TestRedisCluster;
let bus: BusCoreOnTopology;
let profile: Profile;

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

