/**
 * A sharded channel's slot moved to another master while a sharded lane
 * listens (CLUSTER SETSLOT IMPORTING/MIGRATING, then NODE on every master).
 * While the slot is half moved, Labwire's SPUBLISH is published once and its
 * receiver count is the node's that ran it. When the move completes, Redis
 * 7.0 pushes `sunsubscribe` to the old owner's subscribers: the lane is
 * interrupted, a gap opens and closes, the channel is subscribed on the new
 * owner (PUBSUB SHARDNUMSUB there), and messages published after the move
 * arrive. The tests share one cluster and run in order.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { LiveChannels } from '../../src/bus/feed/liveChannels';
import { CommandPublisher } from '../../src/bus/publish/commandPublisher';
import { clusterSlotOf } from '../../src/bus/sources/redisShard/clusterSlot';
import type { ShardedChannels } from '../../src/bus/sources/redisShard/shardedChannels';
import type { Lane, LaneSubscription } from '../../src/shared/liveChannels';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import type { PublishRequest } from '../../src/shared/publishing';
import { openClusterLiveFeed } from '../support/clusterLiveFeed';
import type { FrameSink } from '../support/feedFrameSink';
import { mastersBySlot, nameOwnedBy, startRedisCluster, startSlotMigration, type SlotMigration, type TestRedisCluster } from '../support/redisCluster';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const PROFILE_ID = 'migration';
const RECOVERY_WAIT_MS = 20_000;

let cluster: TestRedisCluster;
let live: LiveChannels;
let shards: ShardedChannels;
let publisher: CommandPublisher;
let sink: FrameSink;
let attempt = 0;

before(async () => {
  cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  const seeds = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  const feed = await openClusterLiveFeed(cluster, PROFILE_ID);
  ({ live, shards, sink } = feed);
  const registry = feed.registry;
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-slot-migration-'));
  const profile: Profile = { ...defaultProfileFields(), id: PROFILE_ID, name: 'Migration', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0, topology: { mode: 'cluster', seeds, natMap: [] } };
  publisher = new CommandPublisher({ connections: registry, dataDir, profileOf: (id) => (id === PROFILE_ID ? profile : undefined), ownReceiversOf: () => 0 });
  cleanups.push(async () => {
    publisher.dispose();
    await feed.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });
});

function spublish(channel: string, payload: string): PublishRequest {
  attempt += 1;
  return { profileId: PROFILE_ID, channel, payload, encoding: 'text', command: 'spublish', attemptId: `attempt-${attempt}`, isConfirmed: false };
}

function previewsOf(laneId: string): string[] {
  return sink
    .messages()
    .filter((message) => message.laneIds.includes(laneId))
    .map((message) => message.preview);
}

/** SPUBLISH calls each master ran, by port (INFO commandstats): what Redis itself says was sent. */
async function spublishCalls(ports: number[]): Promise<number[]> {
  return Promise.all(ports.map(async (port) => Number(/cmdstat_spublish:calls=(\d+)/.exec(await runOn(port, (client) => client.info('commandstats')))?.[1] ?? 0)));
}

/** CLUSTER SLOTS calls over every node (INFO commandstats): each of Labwire's slot-map reads is one. */
async function slotMapReads(): Promise<number> {
  const calls = await Promise.all(cluster.ports.map(async (port) => Number(/cmdstat_cluster\|slots:calls=(\d+)/.exec(await runOn(port, (client) => client.info('commandstats')))?.[1] ?? 0)));
  return calls.reduce((total, count) => total + count, 0);
}

async function errorCount(port: number, reply: 'ASK' | 'MOVED'): Promise<number> {
  const info = await runOn(port, (client) => client.info('errorstats'));
  return Number(new RegExp(`errorstat_${reply}:count=(\\d+)`).exec(info)?.[1] ?? 0);
}

async function shardSubscribers(port: number, channel: string): Promise<number> {
  const reply = (await runOn(port, (client) => client.call('PUBSUB', 'SHARDNUMSUB', channel))) as [string, number];
  return Number(reply[1]);
}

let channel: string;
let lane: Lane;
let migration: SlotMigration;
let masterPorts: number[];
/** The sharded channel's states, as a second consumer of the same channel sees them from before the move. */
const states: LaneSubscription['state'][] = [];

test('while the slot is half moved, SPUBLISH is published once and counts the receivers of the node that ran it', async () => {
  const masters = await mastersBySlot(cluster.ports);
  masterPorts = masters.map((master) => master.port);
  channel = nameOwnedBy('lab:moving:', masters[0]!.ranges);
  lane = valueOf(await live.addLane(PROFILE_ID, { kind: 'shard', channel }, 'text'));
  const watcher = shards.subscribe(PROFILE_ID, { kind: 'shard', channel }, () => undefined);
  cleanups.push(() => watcher.unsubscribe());
  watcher.onDidChangeState((state) => states.push(state.state));
  assert.equal(lane.subscription.state, 'active');

  migration = await startSlotMigration(cluster.ports, clusterSlotOf(Buffer.from(channel)), masters[1]!.port);
  const callsBefore = await spublishCalls(masterPorts);
  const asksBefore = await errorCount(migration.sourcePort, 'ASK');
  const record = valueOf(await publisher.publish(spublish(channel, 'while moving')));
  await until('the lane to hear it', () => previewsOf(lane.id).includes('while moving'), RECOVERY_WAIT_MS);
  const callsAfter = await spublishCalls(masterPorts);
  assert.deepStrictEqual(
    {
      outcome: record.outcome,
      receivers: record.outcome === 'delivered' ? record.receivers : null,
      // Redis 7.0 serves a shard channel from the source until SETSLOT NODE (cluster.c getNodeByQuery): no ASK for SPUBLISH.
      asks: (await errorCount(migration.sourcePort, 'ASK')) - asksBefore,
      ranOn: callsAfter.map((calls, index) => calls - callsBefore[index]!),
      received: previewsOf(lane.id),
    },
    { outcome: 'delivered', receivers: 1, asks: 0, ranOn: masterPorts.map((port) => (port === migration.sourcePort ? 1 : 0)), received: ['while moving'] },
  );
});

test('the move completes: the lane is interrupted, a gap opens and closes, and it listens on the new owner', async () => {
  const gapsBefore = sink.gaps().length;
  await migration.finish();
  await pollUntil('the channel to be subscribed on the new owner', async () => (await shardSubscribers(migration.targetPort, channel)) === 1, RECOVERY_WAIT_MS);
  await until('a gap to open and close', () => sink.gaps().length > gapsBefore && sink.gaps().every((gap) => gap.to !== null), RECOVERY_WAIT_MS);
  await until('the lane to be active again', () => live.lanes(PROFILE_ID).find((listed) => listed.id === lane.id)?.subscription.state === 'active', RECOVERY_WAIT_MS);
  await runOn(migration.targetPort, (client) => client.call('SPUBLISH', channel, 'after the move'));
  await until('the lane to hear the new owner', () => previewsOf(lane.id).includes('after the move'), RECOVERY_WAIT_MS);
  const gap = sink.gaps().at(-1)!;
  // While the channel was away the slot map was read every 50 ms; once it is back, no more (several intervals pass here).
  const readsWhenBack = await slotMapReads();
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepStrictEqual(
    {
      slotMapReadsSinceBack: (await slotMapReads()) - readsWhenBack,
      wasInterrupted: states.includes('interrupted'),
      lastState: states.at(-1),
      gapClosed: gap.to !== null && gap.to >= gap.from,
      subscribers: { source: await shardSubscribers(migration.sourcePort, channel), target: await shardSubscribers(migration.targetPort, channel) },
      received: previewsOf(lane.id),
    },
    { slotMapReadsSinceBack: 0, wasInterrupted: true, lastState: 'active', gapClosed: true, subscribers: { source: 0, target: 1 }, received: ['while moving', 'after the move'] },
  );
});

test("after the move, Labwire's SPUBLISH reaches the new owner once", async () => {
  const callsBefore = await spublishCalls(masterPorts);
  const record = valueOf(await publisher.publish(spublish(channel, 'published after')));
  await until('the lane to hear it', () => previewsOf(lane.id).includes('published after'), RECOVERY_WAIT_MS);
  const callsAfter = await spublishCalls(masterPorts);
  assert.deepStrictEqual(
    {
      outcome: record.outcome,
      receivers: record.outcome === 'delivered' ? record.receivers : null,
      ranOn: callsAfter.map((calls, index) => calls - callsBefore[index]!),
      received: previewsOf(lane.id).filter((preview) => preview === 'published after'),
    },
    { outcome: 'delivered', receivers: 1, ranOn: masterPorts.map((port) => (port === migration.targetPort ? 1 : 0)), received: ['published after'] },
  );
});
