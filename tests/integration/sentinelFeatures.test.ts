/**
 * The demo simulator on a real Sentinel group (1 master, 1 replica, 3
 * sentinels) through the real bus core: its traffic reaches a lane, and the
 * demo stream, its consumer group and dead letters are written to the master
 * the sentinels name (and replicated), under the names a single server uses.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { DEMO_DEAD_LETTERS, DEMO_TASK_GROUP, DEMO_TASK_STREAM } from '../../src/bus/simulator/streamWork/demoStreamWork';
import type { Lane } from '../../src/shared/liveChannels';
import { defaultTlsSettings, type Profile } from '../../src/shared/profile';
import type { SimulatorStatus } from '../../src/shared/simulator';
import { startBusCore, type BusCoreOnTopology } from '../support/busCoreOnTopology';
import { startSentinelGroup, type SentinelGroup } from '../support/sentinelGroup';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();

let group: SentinelGroup;
let bus: BusCoreOnTopology;
let profile: Profile;

before(async () => {
  group = await startSentinelGroup();
  cleanups.push(() => group.stop());
  bus = await startBusCore('sentinel-features');
  cleanups.push(() => bus.dispose());
  const sentinels = group.sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port }));
  profile = await bus.openProfile(
    'Lab HA',
    { mode: 'sentinel', sentinels, masterName: group.masterName, sentinelUsername: '', sentinelTls: defaultTlsSettings() },
    sentinels[0] ?? { host: '127.0.0.1', port: 0 },
  );
});

test('demo traffic on a Sentinel group: a lane receives it, and the demo stream, group and dead letters are on the master', async () => {
  const lane = valueOf(await bus.core.handle('lanes:add', { profileId: profile.id, target: { kind: 'pattern', pattern: 'user:demo1:*' }, decoder: 'auto' })) as Lane;
  valueOf(await bus.core.handle('simulator:start', { profileId: profile.id, options: { eegUsers: 1, eegRateHz: 20, eegChannels: 2, shouldPublishLabChannels: true } }));
  cleanups.push(async () => void (await bus.core.handle('simulator:stop', { profileId: profile.id })));
  await until('the lane to receive demo EEG', () => bus.sink.messages().some((message) => message.laneIds.includes(lane.id)), 20_000);

  const masterPort = await group.masterPort();
  await pollUntil('demo dead letters on the master', async () => (await runOn(masterPort, (client) => client.xlen(DEMO_DEAD_LETTERS))) > 0, 40_000);
  const groups = (await runOn(masterPort, (client) => client.xinfo('GROUPS', DEMO_TASK_STREAM))) as unknown[][];
  const status = valueOf(await bus.core.handle('simulator:stop', { profileId: profile.id })) as SimulatorStatus;

  assert.deepStrictEqual(
    { groups: groups.map((entry) => entry[1]), state: status.state, master: masterPort === group.nodes[0].port },
    { groups: [DEMO_TASK_GROUP], state: 'stopped', master: true },
  );
});
