/**
 * A Cluster profile's live channels as the bus builds them, for tests on a
 * real cluster: the connection registry, the pub/sub hub, the sharded
 * channels and the stream tail following its states, the source router, LiveChannels writing
 * frames into a FrameSink, and the profile opened with every node a seed
 * (so it reconnects through a live one after a kill) and ready.
 */
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { LiveChannels } from '../../src/bus/feed/liveChannels';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { ShardedChannels } from '../../src/bus/sources/redisShard/shardedChannels';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import { ConnectionStateRecorder } from './connectionStateRecorder';
import { FrameSink } from './feedFrameSink';
import type { TestRedisCluster } from './redisCluster';

export interface ClusterLiveFeed {
  registry: ConnectionRegistry;
  hub: SubscriptionHub;
  shards: ShardedChannels;
  tail: StreamTail;
  live: LiveChannels;
  sink: FrameSink;
  recorder: ConnectionStateRecorder;
  /** Disposes the live channels, the sources and the registry, in that order. */
  dispose(): Promise<void>;
}

export async function openClusterLiveFeed(cluster: TestRedisCluster, profileId: string): Promise<ClusterLiveFeed> {
  const recorder = new ConnectionStateRecorder();
  const sources: { hub?: SubscriptionHub; shards?: ShardedChannels; tail?: StreamTail } = {};
  const registry = new ConnectionRegistry({
    onDidChangeState: (id, state) => {
      sources.hub?.handleConnectionState(id, state);
      sources.shards?.handleConnectionState(id, state);
      sources.tail?.handleConnectionState(id, state);
      recorder.listeners.onDidChangeState(id, state);
    },
    onDidReadFacts: recorder.listeners.onDidReadFacts,
    timing: { retryBaseMs: 100, retryMaxMs: 500, connectTimeoutMs: 2_000 },
  });
  const hub = (sources.hub = new SubscriptionHub(registry));
  const shards = (sources.shards = new ShardedChannels(registry));
  const tail = (sources.tail = new StreamTail(registry));
  const sink = new FrameSink();
  const router = new SourceRouter({ redisPubsub: hub, redisStream: tail, redisShard: shards });
  const live = new LiveChannels({ source: router, connections: registry, emitFrame: sink.emit });
  const seeds = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  registry.open(profileId, { host: 'unused.invalid', port: 1, db: 0, topology: { mode: 'cluster', seeds, natMap: [] } });
  await recorder.waitForState(profileId, (state) => state.state === 'ready', 20_000);
  return {
    registry,
    hub,
    shards,
    tail,
    live,
    sink,
    recorder,
    dispose: async () => {
      live.dispose();
      hub.dispose();
      shards.dispose();
      tail.dispose();
      await registry.dispose();
    },
  };
}
