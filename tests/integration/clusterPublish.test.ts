/**
 * Publishing on a real 3-master, 3-replica cluster: SPUBLISH follows a MOVED
 * once; a publish written to a master that dies before answering is
 * "unknown" and never sent again to the promoted replica; a numbered series
 * published while the slot's owner is SIGKILLed keeps every outcome honest
 * (no number twice, every delivered number arrived, no failed number
 * arrived); and with no owner left at all the publish fails after the retry
 * budget without being sent. The tests share one cluster and run in order.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Redis } from 'ioredis';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { CommandPublisher } from '../../src/bus/publish/commandPublisher';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import type { PublishRequest } from '../../src/shared/publishing';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisCluster, type TestRedisCluster } from '../support/redisCluster';
import type { TestRedisServer } from '../support/redisServer';
import { pollUntil, runOn } from '../support/topologyProcesses';
import { suiteCleanups } from '../support/unhandledRejections';
import { until, valueOf } from '../support/waitUntil';
import { publishOutcomeOf, type SeriesOutcome } from '../support/publishSeries';

const cleanups = suiteCleanups();
const PROFILE_ID = 'shards';
const MARKER = 'marker';

let cluster: TestRedisCluster;
let publisher: CommandPublisher;
let registry: ConnectionRegistry;
let attempt = 0;

before(async () => {
  cluster = await startRedisCluster();
  cleanups.push(() => cluster.stop());
  const [seed] = cluster.ports;
  const seeds = [{ host: '127.0.0.1', port: seed ?? 0 }];
  const profile: Profile = {
    ...defaultProfileFields(),
    id: PROFILE_ID,
    name: 'Shards',
    hasPassword: false,
    isManagedLocal: false,
    createdAt: 0,
    updatedAt: 0,
    topology: { mode: 'cluster', seeds, natMap: [] },
  };
  registry = new ConnectionRegistry({ ...new ConnectionStateRecorder().listeners, timing: { connectTimeoutMs: 5_000, retryBaseMs: 100, retryMaxMs: 500 } });
  cleanups.push(() => registry.dispose());
  registry.open(PROFILE_ID, { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'cluster', seeds, natMap: [] } });
  await pollUntil('the cluster profile to be ready', async () => registry.stateOf(PROFILE_ID).state === 'ready', 20_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'labwire-cluster-publish-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  publisher = new CommandPublisher({ connections: registry, dataDir, profileOf: (id) => (id === PROFILE_ID ? profile : undefined), ownReceiversOf: () => 0 });
  cleanups.push(() => publisher.dispose());
});

function spublish(channel: string, payload: string): PublishRequest {
  attempt += 1;
  return { profileId: PROFILE_ID, channel, payload, encoding: 'text', command: 'spublish', attemptId: `attempt-${attempt}`, isConfirmed: false };
}

interface Shard {
  slot: number;
  master: { id: string; port: number };
  replica: { id: string; port: number } | undefined;
}

/**
 * The slot of `channel` and the master owning it and that master's replica,
 * once a live node's view names an owner: right after an earlier test's
 * failover a node may still list the dead master as failed and the promoted
 * one without its slots.
 */
async function shardOf(channel: string): Promise<Shard> {
  let shard: Shard | undefined;
  await pollUntil(`a master owning the slot of ${channel}`, async () => {
    shard = await readShard(channel);
    return true;
  }, 30_000);
  return shard!;
}

/** The slot of `channel` and, as the cluster says now, the master owning it and that master's replica. */
async function readShard(channel: string): Promise<Shard> {
  const alive = await firstAlivePort();
  const slot = Number(await runOn(alive, (client) => client.call('CLUSTER', 'KEYSLOT', channel)));
  const lines = String(await runOn(alive, (client) => client.call('CLUSTER', 'NODES')))
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
  const portOf = (columns: string[]): number => Number((columns[1] ?? '').split('@')[0]?.split(':')[1]);
  const owner = lines.find((columns) => columns[2]?.includes('master') && !columns[2].includes('fail') && columns.slice(8).some((range) => inRange(range, slot)));
  if (!owner) throw new Error(`no master owns slot ${slot}`);
  const replica = lines.find((columns) => columns[3] === owner[0] && !columns[2]?.includes('fail'));
  return { slot, master: { id: owner[0] ?? '', port: portOf(owner) }, replica: replica ? { id: replica[0] ?? '', port: portOf(replica) } : undefined };
}

function inRange(range: string, slot: number): boolean {
  if (range.startsWith('[')) return false;
  const [start, end] = range.split('-').map(Number);
  return start !== undefined && slot >= start && slot <= (end ?? start);
}

async function firstAlivePort(): Promise<number> {
  for (const port of cluster.ports) {
    try {
      await runOn(port, (client) => client.ping());
      return port;
    } catch {
      // Killed by an earlier test.
    }
  }
  throw new Error('no cluster node answers');
}

function nodeAt(port: number): TestRedisServer {
  const node = cluster.nodes.find((each) => each.port === port);
  if (!node) throw new Error(`no node on ${port}`);
  return node;
}

/** A channel whose slot a master with a live replica owns. */
async function channelWithReplica(): Promise<{ channel: string; shard: Shard & { replica: { id: string; port: number } } }> {
  for (let index = 0; index < 200; index++) {
    const channel = `lab:seq:${index}`;
    const shard = await shardOf(channel);
    if (shard.replica) return { channel, shard: { ...shard, replica: shard.replica } };
  }
  throw new Error('no shard with a replica left');
}

/** A raw SSUBSCRIBE on one node, recording every payload in arrival order. */
async function shardSubscriber(port: number, channel: string): Promise<{ received: string[]; port: number }> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  cleanups.push(async () => client.disconnect());
  await client.connect();
  const received: string[] = [];
  client.on('smessage', (_channel: string, message: string) => received.push(message));
  await client.ssubscribe(channel);
  return { received, port };
}

async function roleOf(port: number): Promise<string> {
  const role = await runOn(port, (client) => client.call('ROLE'));
  return Array.isArray(role) ? String(role[0]) : '';
}

async function erroredMovedCount(port: number): Promise<number> {
  const info = await runOn(port, (client) => client.info('errorstats'));
  return Number(/errorstat_MOVED:count=(\d+)/.exec(info)?.[1] ?? 0);
}

test("the topology shows each node at the address Labwire dials, beside the one announced, when the profile maps addresses", async () => {
  const mappedRegistry = new ConnectionRegistry({ ...new ConnectionStateRecorder().listeners, timing: { connectTimeoutMs: 5_000 } });
  cleanups.push(() => mappedRegistry.dispose());
  // 'localhost' stands in for a NAT's outside address: another name for the same node.
  const natMap = cluster.ports.map((port) => ({ from: { host: '127.0.0.1', port }, to: { host: 'localhost', port } }));
  mappedRegistry.open('mapped', { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'cluster', seeds: [{ host: 'localhost', port: cluster.ports[0] ?? 0 }], natMap } });
  await pollUntil('the mapped profile to be ready', async () => mappedRegistry.stateOf('mapped').state === 'ready', 20_000);
  const facts = valueOf(await mappedRegistry.readTopology('mapped'));
  assert.equal(facts.mode, 'cluster');
  if (facts.mode !== 'cluster') return;
  assert.deepStrictEqual(
    { nodes: facts.nodes.map((node) => [node.mappedAddress, node.address]), allAnswered: facts.nodes.every((node) => node.roundTripMs !== null), clientErrors: facts.clientErrors },
    { nodes: [...cluster.ports].sort().map((port) => [`localhost:${port}`, `127.0.0.1:${port}`]), allAnswered: true, clientErrors: [] },
  );
});

test('a slot moved to another master: SPUBLISH follows the MOVED and is delivered exactly once', async () => {
  const channel = 'lab:moved';
  const shard = await shardOf(channel);
  const roles = await Promise.all(cluster.ports.map(async (port) => ({ port, role: await roleOf(port) })));
  const newOwnerPort = roles.find((node) => node.role === 'master' && node.port !== shard.master.port)?.port ?? 0;
  const newOwnerId = String(await runOn(newOwnerPort, (client) => client.call('CLUSTER', 'MYID')));
  // An empty slot moves with SETSLOT NODE on both masters; the publisher's client still maps it to the old one.
  await runOn(newOwnerPort, (client) => client.call('CLUSTER', 'SETSLOT', String(shard.slot), 'NODE', newOwnerId));
  await runOn(shard.master.port, (client) => client.call('CLUSTER', 'SETSLOT', String(shard.slot), 'NODE', newOwnerId));
  const subscriber = await shardSubscriber(newOwnerPort, channel);
  const movedBefore = await erroredMovedCount(shard.master.port);

  const record = valueOf(await publisher.publish(spublish(channel, 'once')));
  await runOn(subscriber.port, (client) => client.spublish(channel, MARKER));
  await until('the marker', () => subscriber.received.includes(MARKER));

  assert.deepStrictEqual(
    { outcome: record.outcome, receivers: record.outcome === 'delivered' ? record.receivers : null, received: subscriber.received, moved: (await erroredMovedCount(shard.master.port)) - movedBefore },
    { outcome: 'delivered', receivers: 1, received: ['once', MARKER], moved: 1 },
  );
});

test('written to a master that dies before answering: outcome unknown, and never sent again to the promoted replica', async () => {
  const { channel, shard } = await channelWithReplica();
  const subscriber = await shardSubscriber(shard.replica.port, channel);
  const master = nodeAt(shard.master.port);
  // A delivered publish first: the client's connection to this master is ready, so the next one is written to it.
  const warmUp = valueOf(await publisher.publish(spublish(channel, 'warm-up')));
  // The replica hears an SPUBLISH through the replication stream, after the master answered: wait for it before stopping the master.
  await until('the warm-up on the replica', () => subscriber.received.includes('warm-up'), 10_000);
  master.pause();
  const pending = publisher.publish(spublish(channel, 'in flight'));
  // Long enough for the write to leave; the stopped master never reads it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await master.kill();
  const record = valueOf(await pending);
  await pollUntil('the replica to be promoted', async () => (await roleOf(shard.replica.port)) === 'master', 30_000);
  await runOn(subscriber.port, (client) => client.spublish(channel, MARKER));
  await until('the marker', () => subscriber.received.includes(MARKER));

  assert.deepStrictEqual({ outcomes: [warmUp.outcome, record.outcome], received: subscriber.received }, { outcomes: ['delivered', 'unknown'], received: ['warm-up', MARKER] });
});

test('a numbered series while the slot owner is SIGKILLed: no number twice, delivered arrived, failed did not, and publishes waited for the new owner', async () => {
  const { channel, shard } = await channelWithReplica();
  const subscriber = await shardSubscriber(shard.replica.port, channel);
  const outcomes = new Map<number, SeriesOutcome>();
  const KILL_AT = 30;
  let isPromoted = false;
  let publishedAfterPromotion = 0;
  for (let number = 1; publishedAfterPromotion < 20; number++) {
    if (number === KILL_AT) {
      void nodeAt(shard.master.port).kill();
      void pollUntil('the replica to be promoted', async () => (await roleOf(shard.replica.port)) === 'master', 30_000).then(() => {
        isPromoted = true;
      });
    }
    outcomes.set(number, publishOutcomeOf(await publisher.publish(spublish(channel, String(number)))));
    if (isPromoted) publishedAfterPromotion += 1;
    // Paced: a SIGKILL between a reply and the replica's copy of the message is microseconds wide; few publishes fall in it.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await runOn(subscriber.port, (client) => client.spublish(channel, MARKER));
  await until('the marker', () => subscriber.received.includes(MARKER));

  const arrived = subscriber.received.filter((message) => message !== MARKER).map(Number);
  const counts = new Map<number, number>();
  for (const number of arrived) counts.set(number, (counts.get(number) ?? 0) + 1);
  const byOutcome = (wanted: SeriesOutcome): number[] => [...outcomes].filter(([, outcome]) => outcome === wanted).map(([number]) => number);
  assert.deepStrictEqual(
    {
      arrivedTwice: [...counts].filter(([, count]) => count > 1).map(([number]) => number),
      deliveredMissing: byOutcome('delivered').filter((number) => !counts.has(number)),
      failedArrived: [...byOutcome('failed'), ...byOutcome('not sent')].filter((number) => counts.has(number)),
      failed: byOutcome('failed'),
      lastTwentyDelivered: [...outcomes.values()].slice(-20).every((outcome) => outcome === 'delivered'),
    },
    { arrivedTwice: [], deliveredMissing: [], failedArrived: [], failed: [], lastTwentyDelivered: true },
  );
  const facts = valueOf(await registry.readTopology(PROFILE_ID));
  assert.ok(facts.clientErrors.length > 0 && facts.clientErrors.some((entry) => entry.count > 1), `the failover's repeated client errors are counted: ${JSON.stringify(facts.clientErrors)}`);
  assert.equal(new Set(facts.clientErrors.map((entry) => entry.message)).size, facts.clientErrors.length, 'each message once');
});

test('no master left for the slot: after the retry budget the publish fails, and was never sent', async () => {
  const channel = 'lab:nowhere';
  const shard = await shardOf(channel);
  await nodeAt(shard.master.port).kill();
  if (shard.replica) await nodeAt(shard.replica.port).kill();
  const result = await publisher.publish(spublish(channel, 'nowhere'));
  assert.deepStrictEqual(
    { outcome: publishOutcomeOf(result), reason: result.ok && result.value.outcome === 'failed' ? result.value.reason : null },
    {
      outcome: 'failed',
      reason: `The cluster had no master ready for ${channel} (its slot was moving or its master failing over) for as long as Labwire waits, so nothing was published. Try again when the cluster is back.`,
    },
  );
});
