/**
 * Channel discovery on a Redis Cluster. Classic pub/sub is per node: each
 * node knows only the subscribers connected to it, so PUBSUB CHANNELS,
 * NUMSUB and NUMPAT are asked of every node and summed per channel (the
 * screen says so). Sharded channels live on their slot's owner: PUBSUB
 * SHARDCHANNELS is asked of each master, and SHARDNUMSUB of the master
 * that owns each channel's slot, never of a random node. A node that does
 * not answer is left out and counted.
 */
import type { Cluster, Redis } from 'ioredis';
import type { DiscoveredChannel } from '../../shared/liveChannels';
import { clusterSlotOf } from '../sources/redisShard/clusterSlot';
import { withDeadline } from '../connections/withDeadline';
import type { DiscoveryResult } from './channelDiscovery';

/** One node's answer is awaited this long; a dead node must not hold the whole list. */
const NODE_TIMEOUT_MS = 2_000;

type NamedChannel = Omit<DiscoveredChannel, 'name' | 'subscribeName'> & { bytes: Buffer };

export async function discoverOnCluster(
  cluster: Cluster,
  pattern: string,
  maxChannels: number,
  toDiscovered: (bytes: Buffer) => Pick<DiscoveredChannel, 'name' | 'subscribeName'>,
): Promise<DiscoveryResult> {
  const glob = pattern === '' ? '*' : pattern;
  const nodes = cluster.nodes('all');
  const classic = await Promise.all(nodes.map((node) => askNode(node, async () => readClassic(node, glob))));
  const answered = classic.filter((answer) => answer !== null);
  if (answered.length === 0) throw new Error('No node of the Cluster answered PUBSUB CHANNELS.');

  const subscribers = new Map<string, NamedChannel>();
  let patternSubscriptions = 0;
  for (const answer of answered) {
    patternSubscriptions += answer.patterns;
    for (const [bytes, count] of answer.channels) {
      const key = `c${bytes.toString('latin1')}`;
      const known = subscribers.get(key);
      if (known) known.subscribers += count;
      else subscribers.set(key, { bytes, subscribers: count });
    }
  }
  const masters = cluster.nodes('master');
  const sharded = await Promise.all(masters.map((master) => askNode(master, async () => readSharded(cluster, master, glob))));
  for (const answer of sharded) {
    for (const [bytes, count] of answer ?? []) subscribers.set(`s${bytes.toString('latin1')}`, { bytes, subscribers: count, isSharded: true });
  }
  const all = [...subscribers.values()].sort((left, right) => Buffer.compare(left.bytes, right.bytes) || Number(left.isSharded ?? false) - Number(right.isSharded ?? false));
  const channels = all.slice(0, maxChannels).map(({ bytes, ...rest }): DiscoveredChannel => ({ ...toDiscovered(bytes), ...rest }));
  return {
    channels,
    patternSubscriptions,
    isTruncated: all.length > channels.length,
    clusterNodes: { asked: nodes.length, answered: answered.length },
  };
}

async function askNode<T>(node: Redis, ask: () => Promise<T>): Promise<T | null> {
  try {
    // The Cluster client opens a node's connection when a command is routed there; here the command is sent to the node itself.
    if (node.status === 'wait') await withDeadline(node.connect(), NODE_TIMEOUT_MS);
    return await withDeadline(ask(), NODE_TIMEOUT_MS);
  } catch {
    return null;
  }
}

async function readClassic(node: Redis, glob: string): Promise<{ channels: [Buffer, number][]; patterns: number }> {
  const names = buffersOf(await node.callBuffer('PUBSUB', 'CHANNELS', glob));
  const counts = names.length > 0 ? arrayOf(await node.callBuffer('PUBSUB', 'NUMSUB', ...names)) : [];
  const patterns = Number(await node.call('PUBSUB', 'NUMPAT'));
  return { channels: names.map((name, index) => [name, Number(counts[index * 2 + 1] ?? 0)]), patterns };
}

/** The master's sharded channels whose slot it owns, each counted by SHARDNUMSUB on this owner. */
async function readSharded(cluster: Cluster, master: Redis, glob: string): Promise<[Buffer, number][]> {
  const ownKey = `${master.options.host}:${master.options.port}`;
  const names = buffersOf(await master.callBuffer('PUBSUB', 'SHARDCHANNELS', glob)).filter((name) => cluster.slots[clusterSlotOf(name)]?.[0] === ownKey);
  if (names.length === 0) return [];
  const counts = arrayOf(await master.callBuffer('PUBSUB', 'SHARDNUMSUB', ...names));
  return names.map((name, index) => [name, Number(counts[index * 2 + 1] ?? 0)]);
}

function arrayOf(reply: unknown): unknown[] {
  return Array.isArray(reply) ? reply : [];
}

function buffersOf(reply: unknown): Buffer[] {
  return arrayOf(reply).filter((item): item is Buffer => Buffer.isBuffer(item));
}
