/**
 * Channel discovery on a Redis Cluster. Classic pub/sub is per node: each
 * node knows only the subscribers connected to it (a subscriber may sit on a
 * replica), so PUBSUB CHANNELS, NUMSUB and NUMPAT are asked of EVERY node
 * CLUSTER NODES lists, masters and replicas, and summed per channel (the
 * screen says so). Sharded channels live on their slot's owner: PUBSUB
 * SHARDCHANNELS and SHARDNUMSUB are asked of each master for the slots that
 * master owns, never of a random node.
 *
 * The Cluster client's own pool may hold only the masters, so a node is
 * asked over the pool's connection when that one is ready, else over a
 * short connection of its own (the cluster's node options: auth, TLS, reply
 * guard). Each node has its own deadline, a few are asked at once, and a
 * node that does not answer is named in the reply, never silently left out.
 */
import type { Cluster, Redis } from 'ioredis';
import type { DiscoveredChannel } from '../../shared/liveChannels';
import { createRedisClient } from '../connections/connectClient';
import { parseClusterNodes } from '../connections/topologyReader';
import { withDeadline } from '../connections/withDeadline';
import { clusterSlotOf } from '../sources/redisShard/clusterSlot';
import type { DiscoveryResult } from './channelDiscovery';

/** One node's answer (connect included) is awaited this long; a dead node must not hold the whole list. */
const NODE_TIMEOUT_MS = 2_000;
/** Nodes asked at once: a large cluster is not dialled all in one burst. */
const MAX_NODES_AT_ONCE = 4;

type NamedChannel = Omit<DiscoveredChannel, 'name' | 'subscribeName'> & { bytes: Buffer };

/** A node as CLUSTER NODES lists it, with the address Labwire dials (the profile's address map applied). */
interface ListedNode {
  /** "host:port" as the cluster announces it: the name the screen shows. */
  address: string;
  dial: { host: string; port: number };
  role: 'master' | 'replica';
  /** Masters: owned slot ranges as [first, last]. */
  slotRanges: [number, number][];
}

interface NodeAnswer {
  channels: [Buffer, number][];
  patterns: number;
  sharded: [Buffer, number][];
}

export async function discoverOnCluster(
  cluster: Cluster,
  pattern: string,
  maxChannels: number,
  toDiscovered: (bytes: Buffer) => Pick<DiscoveredChannel, 'name' | 'subscribeName'>,
): Promise<DiscoveryResult> {
  const glob = pattern === '' ? '*' : pattern;
  const nodes = await listNodes(cluster);
  const answers = await mapAtMost(nodes, MAX_NODES_AT_ONCE, (node) => askNode(cluster, node, glob));
  const unanswered = nodes.filter((_, index) => answers[index] === null).map((node) => `${node.role} ${node.address}`);
  const answered = answers.filter((answer): answer is NodeAnswer => answer !== null);
  if (answered.length === 0) throw new Error(`No node of the Cluster answered PUBSUB CHANNELS (asked ${unanswered.join(', ')}).`);

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
    for (const [bytes, count] of answer.sharded) subscribers.set(`s${bytes.toString('latin1')}`, { bytes, subscribers: count, isSharded: true });
  }
  const all = [...subscribers.values()].sort((left, right) => Buffer.compare(left.bytes, right.bytes) || Number(left.isSharded ?? false) - Number(right.isSharded ?? false));
  const channels = all.slice(0, maxChannels).map(({ bytes, ...rest }): DiscoveredChannel => ({ ...toDiscovered(bytes), ...rest }));
  return {
    channels,
    patternSubscriptions,
    isTruncated: all.length > channels.length,
    clusterNodes: { asked: nodes.length, answered: answered.length, unanswered },
  };
}

/**
 * Every node CLUSTER NODES lists (one live node's view), skipping entries
 * with no address (a node still in handshake). When no node answers that,
 * the client's pool is all there is to ask.
 */
async function listNodes(cluster: Cluster): Promise<ListedNode[]> {
  try {
    const text = String(await withDeadline(cluster.call('CLUSTER', 'NODES'), NODE_TIMEOUT_MS));
    const listed = parseClusterNodes(text).flatMap((node): ListedNode[] => {
      const dial = dialAddressOf(cluster, node.address);
      if (!dial) return [];
      return [{ address: node.address, dial, role: node.role, slotRanges: node.slots.map(parseRange).filter((range) => range !== null) }];
    });
    if (listed.length > 0) return listed;
  } catch {
    // Fall back to the pool below.
  }
  return cluster.nodes('all').flatMap((node): ListedNode[] => {
    const { host, port } = node.options;
    if (host === undefined || port === undefined) return [];
    const isMaster = cluster.nodes('master').includes(node);
    const address = `${host}:${port}`;
    const slotRanges: [number, number][] = [];
    if (isMaster) cluster.slots.forEach((owners, slot) => owners?.[0] === address && slotRanges.push([slot, slot]));
    return [{ address, dial: { host, port }, role: isMaster ? 'master' : 'replica', slotRanges }];
  });
}

/** The announced "host:port" through the profile's address map; null for an entry without an address. */
function dialAddressOf(cluster: Cluster, announced: string): { host: string; port: number } | null {
  const natMap = cluster.options.natMap;
  const mapped = natMap && typeof natMap === 'object' ? natMap[announced] : undefined;
  if (mapped?.host !== undefined && mapped.port !== undefined) return { host: mapped.host, port: mapped.port };
  const separator = announced.lastIndexOf(':');
  const host = announced.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(announced.slice(separator + 1));
  return host !== '' && Number.isInteger(port) && port > 0 ? { host, port } : null;
}

function parseRange(range: string): [number, number] | null {
  const [first, last] = range.split('-').map(Number);
  if (first === undefined || !Number.isInteger(first)) return null;
  const end = last === undefined ? first : last;
  return Number.isInteger(end) ? [first, end] : null;
}

/** The node's answer, or null when it did not give one within its deadline. */
async function askNode(cluster: Cluster, node: ListedNode, glob: string): Promise<NodeAnswer | null> {
  const pooled = cluster.nodes('all').find((each) => each.status === 'ready' && each.options.host === node.dial.host && each.options.port === node.dial.port);
  const client = pooled ?? createRedisClient({ ...cluster.options.redisOptions, host: node.dial.host, port: node.dial.port, lazyConnect: true, retryStrategy: () => null });
  if (!pooled) client.on('error', () => undefined);
  try {
    return await withDeadline(
      (async () => {
        if (!pooled) await client.connect();
        return readNode(client, node, glob);
      })(),
      NODE_TIMEOUT_MS,
    );
  } catch {
    return null;
  } finally {
    if (!pooled) client.disconnect();
  }
}

async function readNode(client: Redis, node: ListedNode, glob: string): Promise<NodeAnswer> {
  const names = buffersOf(await client.callBuffer('PUBSUB', 'CHANNELS', glob));
  const counts = names.length > 0 ? arrayOf(await client.callBuffer('PUBSUB', 'NUMSUB', ...names)) : [];
  const patterns = Number(await client.call('PUBSUB', 'NUMPAT'));
  const channels = names.map((name, index): [Buffer, number] => [name, Number(counts[index * 2 + 1] ?? 0)]);
  return { channels, patterns, sharded: node.role === 'master' ? await readSharded(client, node, glob) : [] };
}

/** The master's sharded channels whose slot it owns, each counted by SHARDNUMSUB on this owner. */
async function readSharded(client: Redis, node: ListedNode, glob: string): Promise<[Buffer, number][]> {
  const isOwned = (name: Buffer): boolean => {
    const slot = clusterSlotOf(name);
    return node.slotRanges.some(([first, last]) => slot >= first && slot <= last);
  };
  const names = buffersOf(await client.callBuffer('PUBSUB', 'SHARDCHANNELS', glob)).filter(isOwned);
  if (names.length === 0) return [];
  const counts = arrayOf(await client.callBuffer('PUBSUB', 'SHARDNUMSUB', ...names));
  return names.map((name, index) => [name, Number(counts[index * 2 + 1] ?? 0)]);
}

/** Runs `ask` over `items`, at most `limit` at a time; answers in the items' order. */
async function mapAtMost<T, R>(items: T[], limit: number, ask: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      answers[index] = await ask(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return answers;
}

function arrayOf(reply: unknown): unknown[] {
  return Array.isArray(reply) ? reply : [];
}

function buffersOf(reply: unknown): Buffer[] {
  return arrayOf(reply).filter((item): item is Buffer => Buffer.isBuffer(item));
}
