/**
 * Sequence checks through a Cluster failover (issue #15): exact channel
 * lanes, a pattern lane and sharded lanes hear numbered messages from all
 * three shards, published by an ioredis Cluster client whose retries may
 * reorder them; the master under the subscriber link (and one sharded slot)
 * is SIGKILLed. After the promotion every lane hears every shard again, the
 * outage is a gap with a start and an end, and each lane's counts (missing,
 * out of order, duplicates, restarts) equal what this test computes from
 * the numbers the lane received, whatever they turn out to be.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import type { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { LiveChannels } from '../../src/bus/feed/liveChannels';
import { PROMOTION_PROBE_INTERVAL_MS, PromotionProbe } from '../../src/bus/sources/redisShard/promotionProbe';
import { readSlotReplicas } from '../../src/bus/sources/redisShard/slotReplicas';
import type { Lane, LaneTarget } from '../../src/shared/liveChannels';
import { openClusterLiveFeed } from '../support/clusterLiveFeed';
import type { FrameSink } from '../support/feedFrameSink';
import { mastersBySlot, nameOwnedBy, ownerPortOf, startRedisCluster, type TestRedisCluster } from '../support/redisCluster';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const PROFILE = 'failover';
/** The node timeout (2 s) plus the election, on a busy machine. */
const FAILOVER_WAIT_MS = 40_000;
const PUBLISH_INTERVAL_MS = 20;
/** Numbers start far from 0 and 1, which the check reads as a producer starting again. */
const FIRST_NUMBER = 1_000;
/** As decode/sequenceGaps.ts: a number this far below the highest is a restart, not a late arrival. */
const REORDER_WINDOW = 256;

let cluster: TestRedisCluster;
let live: LiveChannels;
let registry: ConnectionRegistry;
let sink: FrameSink;

before(async () => {
  cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  const feed = await openClusterLiveFeed(cluster, PROFILE);
  cleanups.push(() => feed.dispose());
  ({ live, registry, sink } = feed);
});

interface ExpectedCounts {
  checked: number;
  missing: number;
  outOfOrder: number;
  duplicates: number;
  restarts: number;
}

/**
 * The counts for one channel's numbers in arrival order, written out here
 * apart from the bus's own tracker: a higher number skips the ones between;
 * a lower one not seen before is late (and no longer missing, unless it is
 * below the first number, which was never counted); a repeat is a
 * duplicate; a fall of REORDER_WINDOW or more starts counting again.
 */
function countsOf(numbers: number[]): ExpectedCounts {
  const counts: ExpectedCounts = { checked: 0, missing: 0, outOfOrder: 0, duplicates: 0, restarts: 0 };
  let highest = -1;
  let first = 0;
  let seen = new Set<number>();
  for (const number of numbers) {
    counts.checked++;
    if (highest >= 0 && number < highest && highest - number >= REORDER_WINDOW) counts.restarts++;
    if (highest < 0 || (number < highest && highest - number >= REORDER_WINDOW)) {
      highest = number;
      first = number;
      seen = new Set([number]);
    } else if (number > highest) {
      counts.missing += number - highest - 1;
      highest = number;
      seen.add(number);
    } else if (seen.has(number)) counts.duplicates++;
    else {
      counts.outOfOrder++;
      if (number >= first) counts.missing--;
      seen.add(number);
    }
  }
  return counts;
}

function sum(all: ExpectedCounts[]): ExpectedCounts {
  const total: ExpectedCounts = { checked: 0, missing: 0, outOfOrder: 0, duplicates: 0, restarts: 0 };
  for (const counts of all) for (const key of Object.keys(total) as (keyof ExpectedCounts)[]) total[key] += counts[key];
  return total;
}

/** Each channel's numbers as `laneId` received them, in the feed's (arrival) order; `after`: only messages received after that time. */
function numbersByChannel(laneId: string, after = 0): Map<string, number[]> {
  const byChannel = new Map<string, number[]>();
  for (const message of sink.messages()) {
    if (!message.laneIds.includes(laneId) || message.receivedAt <= after) continue;
    const { seq } = JSON.parse(message.preview) as { seq: number };
    const channel = message.channel.text;
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), seq]);
  }
  return byChannel;
}

async function addLane(target: LaneTarget): Promise<Lane> {
  return valueOf(await live.addLane(PROFILE, target, 'json'));
}

/** Every channel's next number, sent without waiting for the previous one: the Cluster client's retries may then reorder them. */
function startPublishing(publisher: Cluster, plain: string[], sharded: string[]): { stop(): Promise<void>; last: Map<string, number> } {
  const last = new Map<string, number>();
  const pending = new Set<Promise<unknown>>();
  const send = (channel: string, command: (payload: string) => Promise<unknown>): void => {
    const number = (last.get(channel) ?? FIRST_NUMBER - 1) + 1;
    last.set(channel, number);
    // A failed publish is a number that never arrives: the lanes count it missing, and so does this test.
    const sent = command(JSON.stringify({ seq: number })).catch(() => undefined);
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
  };
  const timer = setInterval(() => {
    for (const channel of plain) send(channel, (payload) => publisher.publish(channel, payload));
    for (const channel of sharded) send(channel, (payload) => publisher.spublish(channel, payload));
  }, PUBLISH_INTERVAL_MS);
  return {
    last,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...pending]);
    },
  };
}

test('SIGKILL of a master: every lane hears every shard again, the gap is closed, and the sequence counts equal what the lanes received', async () => {
  const masters = await mastersBySlot(cluster.ports);
  assert.equal(masters.length, 3);
  const plain = masters.map((master) => nameOwnedBy('lab:plain:', master.ranges));
  const sharded = masters.map((master) => nameOwnedBy('lab:shard:', master.ranges));
  const channelLanes = await Promise.all(plain.map((name) => addLane({ kind: 'channel', name })));
  const patternLane = await addLane({ kind: 'pattern', pattern: 'lab:plain:*' });
  const shardLanes = await Promise.all(sharded.map((channel) => addLane({ kind: 'shard', channel })));
  const lanes = [...channelLanes, patternLane, ...shardLanes];
  /** What each lane listens to: its channels' names as the feed shows them. */
  const heard = new Map<string, string[]>([
    ...channelLanes.map((lane, index): [string, string[]] => [lane.id, [plain[index]!]]),
    [patternLane.id, plain],
    ...shardLanes.map((lane, index): [string, string[]] => [lane.id, [sharded[index]!]]),
  ]);
  assert.deepStrictEqual(
    lanes.map((lane) => lane.subscription.state),
    lanes.map(() => 'active'),
  );

  // ioredis's defaults, as a lab's own publisher would have them: retries on MOVED, CLUSTERDOWN and a lost node, which can reorder.
  const publisher = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
  publisher.on('error', () => undefined);
  cleanups.push(() => publisher.disconnect());
  const publishing = startPublishing(publisher, plain, sharded);
  const everyLaneHearsAll = (after: number): boolean => lanes.every((lane) => heard.get(lane.id)!.every((channel) => (numbersByChannel(lane.id, after).get(channel)?.length ?? 0) > 0));
  await until('every lane to hear its channels before the kill', () => everyLaneHearsAll(0), 20_000);

  const subscriberPort = registry.subscriberClient(PROFILE)?.options.port;
  assert.ok(subscriberPort !== undefined, 'the subscriber link is on a node');
  const victimOwns = await Promise.all(sharded.map((channel) => ownerPortOf(cluster.ports, channel)));
  assert.ok(victimOwns.includes(subscriberPort), 'the killed master owns one of the sharded channels too');
  const killedAt = Date.now();
  await cluster.nodes[cluster.ports.indexOf(subscriberPort)]!.kill();

  await until('a gap to open and close', () => sink.gaps().some((gap) => gap.to !== null), FAILOVER_WAIT_MS);
  await until('every gap to close', () => sink.gaps().every((gap) => gap.to !== null), FAILOVER_WAIT_MS);
  const lastGapEnd = Math.max(...sink.gaps().map((gap) => gap.to ?? Infinity));
  await until('every lane to hear every one of its channels after the gap', () => everyLaneHearsAll(lastGapEnd), FAILOVER_WAIT_MS);
  await publishing.stop();
  // The last number of each channel, once it is in, means every earlier one that will ever arrive has.
  await until(
    'the last numbers to arrive',
    () => lanes.every((lane) => heard.get(lane.id)!.every((channel) => numbersByChannel(lane.id).get(channel)?.includes(publishing.last.get(channel)!) === true)),
    FAILOVER_WAIT_MS,
  );

  // A classic PUBLISH taken by another node crosses the cluster bus and may arrive after a later number sent to the subscriber's node: wait until the frames hold every message the lanes counted.
  const sinkCount = (laneId: string): number => [...numbersByChannel(laneId).values()].reduce((total, numbers) => total + numbers.length, 0);
  await until(
    'the frames to catch up with the lanes',
    () => live.lanes(PROFILE).every((listed) => !heard.has(listed.id) || listed.sequence?.checked === sinkCount(listed.id)),
    FAILOVER_WAIT_MS,
  );

  const gaps = sink.gaps();
  assert.ok(gaps.length > 0 && gaps.every((gap) => gap.to !== null && gap.to >= gap.from && gap.from >= killedAt - 1_000), `every gap has a start and an end after the kill: ${JSON.stringify(gaps)}`);
  const shown = live.lanes(PROFILE);
  const actual = lanes.map((lane) => {
    const sequence = shown.find((listed) => listed.id === lane.id)?.sequence;
    return { state: shown.find((listed) => listed.id === lane.id)?.subscription.state, checked: sequence?.checked, missing: sequence?.missing, outOfOrder: sequence?.outOfOrder, duplicates: sequence?.duplicates, restarts: sequence?.restarts };
  });
  const expected = lanes.map((lane) => ({ state: 'active', ...sum([...numbersByChannel(lane.id).values()].map(countsOf)) }));
  assert.deepStrictEqual(actual, expected);
  // What the run saw, for the report: the assertion is equality whatever these are.
  const totals = sum(expected);
  console.log(`clusterFailoverLanes: ${totals.checked} numbers checked, ${totals.missing} missing, ${totals.outOfOrder} out of order, ${totals.duplicates} duplicates`);
});

/** The replicas a master itself lists (INFO replication "slaveN:ip=...,port=..."), an account apart from CLUSTER NODES. */
async function replicaPortsOf(masterPort: number): Promise<number[]> {
  const info = await runOn(masterPort, (client) => client.info('replication'));
  return [...info.matchAll(/^slave\d+:.*?port=(\d+)/gm)].map((match) => Number(match[1]));
}

test('the replicas of a slot\'s master are found through CLUSTER NODES, where CLUSTER SLOTS may leave them out', async () => {
  const client = registry.readyAnyClient(PROFILE);
  assert.ok(client instanceof Cluster);
  const masters = await mastersBySlot(cluster.ports);
  const withReplica = [];
  for (const master of masters) if ((await replicaPortsOf(master.port)).length > 0) withReplica.push(master);
  assert.ok(withReplica.length > 0, 'a master still has a replica after the kill');
  const slots = withReplica.map((master) => master.ranges[0]![0]);
  const found = await readSlotReplicas(client, slots, '', 2);
  assert.deepStrictEqual(
    slots.map((slot) => found.get(slot)?.map((endpoint) => endpoint.port)),
    await Promise.all(withReplica.map((master) => replicaPortsOf(master.port))),
  );
});

test('a replica asked for its ROLE is reported promoted once a failover makes it master, and not before', async () => {
  const masters = await mastersBySlot(cluster.ports);
  let replicaPort: number | undefined;
  for (const master of masters) replicaPort ??= (await replicaPortsOf(master.port))[0];
  assert.ok(replicaPort !== undefined, 'a replica to promote');
  const client = new Redis({ host: '127.0.0.1', port: replicaPort, lazyConnect: true });
  cleanups.push(() => client.disconnect());
  await client.connect();
  // The probe's own asks, counted on its connection: Labwire's shard source in this file may ask the same node too.
  let asks = 0;
  const counting = new Proxy(client, {
    get: (target, key) => {
      if (key !== 'call') return Reflect.get(target, key, target) as unknown;
      return (command: string) => {
        asks++;
        return target.call(command);
      };
    },
  });
  let promotions = 0;
  const probe = new PromotionProbe(counting, () => true, () => promotions++);
  cleanups.push(() => probe.stop());
  await until('the probe to ask a few times', () => asks >= 3, 10_000);
  const promotionsBefore = promotions;
  // A manual failover: the replica takes its master's slots without a node dying.
  await runOn(replicaPort, (node) => node.call('CLUSTER', 'FAILOVER'));
  await until('the probe to see the promotion', () => promotions > 0, 20_000);
  const asksWhenPromoted = asks;
  await pollUntil('the promoted node to own its slots', async () => (await mastersBySlot([replicaPort!])).some((master) => master.port === replicaPort), 10_000);
  // Ten probe intervals: a probe that went on asking would have asked again by now.
  await new Promise((resolve) => setTimeout(resolve, 10 * PROMOTION_PROBE_INTERVAL_MS));
  assert.deepStrictEqual(
    { promotionsBefore, promotions, role: ((await client.call('ROLE')) as unknown[])[0], askedSincePromotion: asks - asksWhenPromoted },
    { promotionsBefore: 0, promotions: 1, role: 'master', askedSincePromotion: 0 },
  );
});
