/**
 * The channels someone is listening on right now (PUBSUB CHANNELS with a
 * glob), each with its subscriber count (one NUMSUB for all), and the number
 * of pattern subscriptions (NUMPAT). Names come back as bytes, so a name that
 * is not UTF-8 is shown exactly and not offered for an exact subscription.
 */
import { isUtf8 } from 'node:buffer';
import { Cluster, type Redis, type RedisOptions } from 'ioredis';
import { displayTextOfBytes } from '../../shared/displayText';
import type { ClusterNodesAsked } from '../../shared/clusterDiscovery';
import type { DiscoveredChannel } from '../../shared/liveChannels';
import { ok, type Result } from '../../shared/result';
import { describeRedisError } from '../connections/describeRedisError';
import { MAX_CHANNEL_DISPLAY_CHARS } from './channelStats';
import { discoverOnCluster } from './clusterDiscovery';

/** More channels than anyone reads through; the rest is reported as truncated. */
export const MAX_DISCOVERED_CHANNELS = 1_000;

export interface DiscoveryResult {
  channels: DiscoveredChannel[];
  patternSubscriptions: number;
  isTruncated: boolean;
  /** Cluster profiles: classic counts are summed over the nodes that answered; see ClusterNodesAsked. */
  clusterNodes?: ClusterNodesAsked;
}

export async function discoverChannels(client: Redis | Cluster, pattern: string, maxChannels = MAX_DISCOVERED_CHANNELS): Promise<Result<DiscoveryResult>> {
  try {
    if (client instanceof Cluster) return ok(await discoverOnCluster(client, pattern, maxChannels, displayOf));
    const names = asBuffers(await client.callBuffer('PUBSUB', 'CHANNELS', pattern === '' ? '*' : pattern));
    names.sort(Buffer.compare);
    const shown = names.slice(0, maxChannels);
    const counts = shown.length > 0 ? asArray(await client.callBuffer('PUBSUB', 'NUMSUB', ...shown)) : [];
    const patternSubscriptions = Number(await client.call('PUBSUB', 'NUMPAT'));
    const channels = shown.map((name, index): DiscoveredChannel => ({ ...displayOf(name), subscribers: Number(counts[index * 2 + 1] ?? 0) }));
    return ok({ channels, patternSubscriptions, isTruncated: names.length > shown.length });
  } catch (error) {
    // A Cluster's errors name one of its nodes.
    const options: RedisOptions = client instanceof Cluster ? (client.nodes('all')[0]?.options ?? {}) : client.options;
    return {
      ok: false,
      error: describeRedisError(error, {
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 6379,
        db: options.db ?? 0,
        username: options.username,
        isTls: Boolean(options.tls),
        hasConnectedBefore: true,
      }),
    };
  }
}

function displayOf(name: Buffer): Pick<DiscoveredChannel, 'name' | 'subscribeName'> {
  return { name: displayTextOfBytes(name, MAX_CHANNEL_DISPLAY_CHARS), subscribeName: isUtf8(name) ? name.toString('utf8') : null };
}

function asArray(reply: unknown): unknown[] {
  return Array.isArray(reply) ? reply : [];
}

function asBuffers(reply: unknown): Buffer[] {
  return asArray(reply).filter((item): item is Buffer => Buffer.isBuffer(item));
}
