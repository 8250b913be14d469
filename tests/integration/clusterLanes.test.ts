/**
 * Lanes on a real 3-master, 3-replica Cluster: an exact channel lane, a
 * pattern lane and sharded lanes (SSUBSCRIBE on each slot's owner) hear every
 * shard; after a SIGKILL of the master that holds both the subscriber link
 * and a sharded channel's slot, all of them receive again once the replica
 * is promoted, and each interruption is a gap with a start and an end. One
 * cluster for the whole file (it takes seconds to start).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { LiveChannels } from '../../src/bus/feed/liveChannels';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import type { ShardedChannels } from '../../src/bus/sources/redisShard/shardedChannels';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import type { Lane, LaneTarget } from '../../src/shared/liveChannels';
import { openClusterLiveFeed } from '../support/clusterLiveFeed';
import type { FrameSink } from '../support/feedFrameSink';
import { mastersBySlot, nameOwnedBy, ownerPortOf, startRedisCluster, type TestRedisCluster } from '../support/redisCluster';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const PROFILE = 'shards';
/** A failover here takes the node timeout (2 s) plus the election; the whole profile may reconnect meanwhile. */
const FAILOVER_WAIT_MS = 40_000;

interface Setup {
  cluster: TestRedisCluster;
  registry: ConnectionRegistry;
  shards: ShardedChannels;
  live: LiveChannels;
  sink: FrameSink;
}

let setup: Setup;

function previewsOf(laneId: string): string[] {
  return setup.sink
    .messages()
    .filter((message) => message.laneIds.includes(laneId))
    .map((message) => message.preview);
}

async function addLane(target: LaneTarget): Promise<Lane> {
  return valueOf(await setup.live.addLane(PROFILE, target, 'text'));
}

before(async () => {
  const cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  const feed = await openClusterLiveFeed(cluster, PROFILE);
  cleanups.push(() => feed.dispose());
  setup = { cluster, registry: feed.registry, live: feed.live, sink: feed.sink, shards: feed.shards };
});

describe('lanes on a Cluster', () => {
  const channels: string[] = [];
  const sharded: string[] = [];
  const lanes = new Map<string, Lane>();

  test('an exact channel, a pattern and sharded channels hear every shard', async () => {
    const masters = await mastersBySlot(setup.cluster.ports);
    assert.equal(masters.length, 3);
    for (const master of masters) {
      channels.push(nameOwnedBy('lab:plain:', master.ranges));
      sharded.push(nameOwnedBy('lab:shard:', master.ranges));
    }
    for (const name of channels) lanes.set(name, await addLane({ kind: 'channel', name }));
    lanes.set('pattern', await addLane({ kind: 'pattern', pattern: 'lab:plain:*' }));
    for (const channel of sharded) lanes.set(channel, await addLane({ kind: 'shard', channel }));
    assert.deepStrictEqual(
      [...lanes.values()].map((lane) => lane.subscription.state),
      Array.from({ length: 7 }, () => 'active'),
    );

    // Each message published on the node that owns its slot: PUBLISH reaches the subscriber wherever it is, SPUBLISH only the owner.
    const spublishCounts: unknown[] = [];
    for (const [index, master] of masters.entries()) {
      await runOn(master.port, (client) => client.publish(channels[index]!, `plain-${index}`));
      spublishCounts.push(await runOn(master.port, (client) => client.call('SPUBLISH', sharded[index]!, `shard-${index}`)));
    }
    // The publish panel's "besides Labwire itself" reads Labwire's own sharded receivers: they agree with Redis' count.
    assert.deepStrictEqual(
      { redis: spublishCounts, own: sharded.map((channel) => setup.shards.ownReceiversOf(PROFILE, channel)), elsewhere: setup.shards.ownReceiversOf(PROFILE, 'lab:shard:nobody') },
      { redis: [1, 1, 1], own: [1, 1, 1], elsewhere: 0 },
    );
    await until('every lane to receive', () => [...lanes.values()].every((lane) => previewsOf(lane.id).length > 0), 10_000);
    assert.deepStrictEqual(
      {
        channels: channels.map((name) => previewsOf(lanes.get(name)!.id)),
        pattern: previewsOf(lanes.get('pattern')!.id).sort(),
        sharded: sharded.map((name) => previewsOf(lanes.get(name)!.id)),
      },
      {
        channels: [['plain-0'], ['plain-1'], ['plain-2']],
        pattern: ['plain-0', 'plain-1', 'plain-2'],
        sharded: [['shard-0'], ['shard-1'], ['shard-2']],
      },
    );
  });

  test('discovery asks every node for classic channels and each owner for sharded ones', async () => {
    const found = valueOf(await setup.live.discover(PROFILE, 'lab:*'));
    assert.deepStrictEqual(
      {
        channels: found.channels.map((channel) => [channel.subscribeName, channel.subscribers, channel.isSharded === true]),
        patternSubscriptions: found.patternSubscriptions,
        // Every node the Cluster client holds answered: at least its three masters (see ARCHITECTURE.md "Cluster lanes").
        everyNodeAsked: found.clusterNodes !== undefined && found.clusterNodes.asked >= 3 && found.clusterNodes.answered === found.clusterNodes.asked,
      },
      {
        // Each exact channel has one subscriber (the lane) on one node; each sharded one, one on its owner.
        channels: [...channels.map((name) => [name, 1, false]), ...sharded.map((name) => [name, 1, true])].sort((left, right) => String(left[0]).localeCompare(String(right[0]))),
        patternSubscriptions: 1,
        everyNodeAsked: true,
      },
    );
  });

  test('a sharded lane on a non-cluster target is refused in words', async () => {
    const router = new SourceRouter({ redisPubsub: new SubscriptionHub(setup.registry), redisStream: new StreamTail(setup.registry) });
    const subscription = router.subscribe('standalone-profile', { kind: 'shard', channel: 'x' }, () => undefined);
    const state = subscription.state();
    assert.deepStrictEqual(state.state === 'refused' ? state.error.message : state.state, 'Sharded channels exist only on a Redis Cluster (Redis 7+). Use an exact channel here.');
  });

  test('SIGKILL of the master holding the subscriber link and a sharded slot: all lanes receive again, each outage a closed gap', async () => {
    const subscriberPort = setup.registry.subscriberClient(PROFILE)?.options.port;
    assert.ok(subscriberPort, 'the subscriber link is on a node');
    const victimIndex = setup.cluster.ports.indexOf(subscriberPort);
    const victim = setup.cluster.nodes[victimIndex]!;
    const index = (await Promise.all(sharded.map((name) => ownerPortOf(setup.cluster.ports, name)))).indexOf(subscriberPort);
    assert.notEqual(index, -1, 'the killed node owns one of the sharded channels');
    const living = setup.cluster.ports.filter((port) => port !== subscriberPort);
    const killedAt = Date.now();
    await victim.kill();

    // Publish until each of the three lanes on the killed shard hears a message sent after the kill.
    const watched = [lanes.get(channels[index]!)!, lanes.get('pattern')!, lanes.get(sharded[index]!)!];
    let round = 0;
    await pollUntil(
      'the channel, pattern and sharded lanes to receive after the failover',
      async () => {
        round += 1;
        await runOn(living[0]!, (client) => client.publish(channels[index]!, `after-${round}`)).catch(() => undefined);
        const owner = await ownerPortOf(living, sharded[index]!).catch(() => undefined);
        if (owner !== undefined && owner !== subscriberPort) await runOn(owner, (client) => client.call('SPUBLISH', sharded[index]!, `after-${round}`)).catch(() => undefined);
        return watched.every((lane) => previewsOf(lane.id).some((preview) => preview.startsWith('after-')));
      },
      FAILOVER_WAIT_MS,
    );
    await until('every gap to close', () => setup.sink.gaps().length > 0 && setup.sink.gaps().every((gap) => gap.to !== null), 10_000);
    const gaps = setup.sink.gaps();
    assert.ok(
      gaps.every((gap) => gap.to !== null && gap.to >= gap.from && gap.from >= killedAt - 1_000),
      `every gap has a start and an end after the kill: ${JSON.stringify(gaps)}`,
    );
    assert.deepStrictEqual(
      watched.map((lane) => setup.live.lanes(PROFILE).find((listed) => listed.id === lane.id)?.subscription.state),
      ['active', 'active', 'active'],
    );
  });
});
