/**
 * Chooses the source for a target: one `case` per LaneTarget kind. Lanes and
 * plots hold the router as their MessageSource and never see which source
 * answers. A new source (a stream tail, a device bridge, recording playback)
 * is one folder beside redisPubsub/, one field in RouterSources and one case
 * below; the compiler points at the switch when LaneTarget grows.
 *
 * The router hands each source's own subscription back and passes the
 * consumer's callback through untouched, so a message costs nothing extra.
 */
import type { ConnectionState } from '../../shared/connectionState';
import { unhandledTarget, type LaneTarget } from '../../shared/liveChannels';
import { BridgeSource, type BridgeTarget } from './bridge/bridgeSource';
import { ShardedChannels } from './redisShard/shardedChannels';
import type { MessageSource, SourceMessage, SourceSubscription } from './messageSource';
import type { PubsubTarget } from './redisPubsub/hubSubscription';
import type { ShardTarget } from './redisShard/shardConsumer';
import type { StreamTarget } from './redisStream/streamTail';
import { ReceivingMerge } from './receivingMerge';

export interface RouterSources {
  /** Redis pub/sub channels and patterns on the profile's connection. */
  redisPubsub: MessageSource<PubsubTarget>;
  /** Redis stream keys, tailed with XREAD on the profile's blocking connection. */
  redisStream: MessageSource<StreamTarget>;
  /** Sharded channels of Cluster profiles (SSUBSCRIBE on each slot's owner); absent in tests of one source, where `shard` lanes are refused. */
  redisShard?: MessageSource<ShardTarget>;
  /** Device bridges' records (bridge/bridgeSource.ts); absent where no bridges run (tests of one source). */
  bridge?: MessageSource<BridgeTarget>;
  /** Generated demo data with no server (demo/demoSource.ts); absent where no demo can run (tests of one source). */
  demo?: DemoSources;
}

export interface DemoSources {
  /** Serves every target of a demo profile. */
  source: MessageSource<PubsubTarget>;
  /** Whether the profile is a demo profile, served by `source` alone. */
  isDemoProfile(profileId: string): boolean;
}

const NO_BRIDGES: MessageSource<BridgeTarget> = new BridgeSource();
const NO_SHARDS: MessageSource<ShardTarget> = new ShardedChannels({
  stateOf: () => ({ state: 'idle' }),
  topologyModeOf: () => 'standalone',
  clusterSlotOwner: () => undefined,
  refreshClusterSlots: async () => undefined,
  readyAnyClient: () => undefined,
  clusterNodeClient: () => undefined,
});

export class SourceRouter implements MessageSource {
  constructor(private readonly sources: RouterSources) {}

  subscribe(profileId: string, target: LaneTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    switch (target.kind) {
      case 'channel':
      case 'pattern':
        return (this.demoSourceOf(profileId) ?? this.sources.redisPubsub).subscribe(profileId, target, onMessage);
      case 'stream':
        // A demo profile has no server: the tail finds no connection and says so.
        return this.sources.redisStream.subscribe(profileId, target, onMessage);
      case 'shard':
        // A demo profile has no Cluster: the shard source refuses it in words.
        return (this.sources.redisShard ?? NO_SHARDS).subscribe(profileId, target, onMessage);
      case 'bridge':
        // A bridge reads its own device, also for a demo profile or with Redis away.
        return (this.sources.bridge ?? NO_BRIDGES).subscribe(profileId, target, onMessage);
      default:
        return unhandledTarget(target);
    }
  }

  /** A demo profile receives from the demo source; every other one through its Redis connection. */
  receivingState(profileId: string): ConnectionState {
    return (this.demoSourceOf(profileId) ?? this.sources.redisPubsub).receivingState(profileId);
  }

  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    // A source with its own link (a device bridge) adds its listener here; a stream tail shares the profile's connection and its states.
    // Sharded channels lose an owner node while the profile stays ready: merged into one gap per span (receivingMerge.ts).
    const merge = new ReceivingMerge(listener);
    const stopRedis = this.sources.redisPubsub.onDidChangeReceiving((profileId, state) => {
      if (!this.demoSourceOf(profileId)) merge.fromProfile(profileId, state);
    });
    const stopShards = this.sources.redisShard?.onDidChangeReceiving((profileId, state) => merge.fromSource(profileId, state));
    const stopDemo = this.sources.demo?.source.onDidChangeReceiving(listener);
    return () => {
      stopRedis();
      stopShards?.();
      stopDemo?.();
    };
  }

  /** The demo source when the profile is a demo profile; undefined for every Redis profile. */
  private demoSourceOf(profileId: string): MessageSource<PubsubTarget> | undefined {
    const demo = this.sources.demo;
    return demo?.isDemoProfile(profileId) === true ? demo.source : undefined;
  }
}
