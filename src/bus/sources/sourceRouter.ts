/**
 * The bus's sources as one: lanes and plots hold the router as their
 * MessageSource and never see which source answers; the bus core passes it
 * each connection state and closes it per profile; publishing asks it for
 * Labwire's own receivers of a PUBLISH or an SPUBLISH.
 *
 * A new source (a stream tail, a device bridge, recording playback) is one
 * folder beside redisPubsub/, one field in RouterSources and one case in
 * `subscribe`; the compiler points at the switch when LaneTarget grows. What
 * else the source takes part in (connection states, closing, counting
 * receivers) it says through its SourceHooks, which the router calls for
 * every source it was given: nothing else changes.
 *
 * The router hands each source's own subscription back and passes the
 * consumer's callback through untouched, so a message costs nothing extra.
 */
import type { ConnectionState } from '../../shared/connectionState';
import { unhandledTarget, type LaneTarget } from '../../shared/liveChannels';
import type { PublishCommand } from '../../shared/publishing';
import { BridgeSource, type BridgeTarget } from './bridge/bridgeSource';
import { ShardedChannels } from './redisShard/shardedChannels';
import type { MessageSource, SourceMessage, SourceSubscription } from './messageSource';
import type { PubsubTarget } from './redisPubsub/hubSubscription';
import type { ShardTarget } from './redisShard/shardConsumer';
import type { StreamTarget } from './redisStream/streamTail';
import { ReceivingMerge } from './receivingMerge';

/**
 * What the router asks of a source beyond MessageSource, each optional as a
 * feature's hooks are: a source that keeps work per profile follows the
 * profile's connection and ends with it; a source that Labwire's own
 * publishing reaches counts its receivers.
 */
export interface SourceHooks {
  /** Every state change of a profile's connection, as the connection registry reports it. */
  handleConnectionState?(profileId: string, state: ConnectionState): void;
  /** The profile's connection is closing or the profile is deleted: end its consumers ('interrupted'), without a receiving state of its own. */
  closeProfile?(profileId: string): void;
  /** The bus stops. */
  dispose?(): void;
  /** How many of this source's consumers on the profile a publish to `channel` reaches now, as the server counts receivers. */
  ownReceiversOf?(profileId: string, channel: string): number;
}

/** A source as the router holds it. */
export type RoutedSource<Target extends LaneTarget> = MessageSource<Target> & SourceHooks;

export interface RouterSources {
  /** Redis pub/sub channels and patterns on the profile's connection; counts what a PUBLISH reaches. */
  redisPubsub: RoutedSource<PubsubTarget>;
  /** Redis stream keys, tailed with XREAD on the profile's blocking connection. */
  redisStream: RoutedSource<StreamTarget>;
  /** Sharded channels of Cluster profiles (SSUBSCRIBE on each slot's owner), counting what an SPUBLISH reaches; absent in tests of one source, where `shard` lanes are refused. */
  redisShard?: RoutedSource<ShardTarget>;
  /** Device bridges' records (bridge/bridgeSource.ts) and the bridges listening for commands; absent where no bridges run (tests of one source). */
  bridge?: RoutedSource<BridgeTarget> & Pick<BridgeSource, 'commandListenersOf'>;
  /** Generated demo data with no server (demo/demoSource.ts); absent where no demo can run (tests of one source). */
  demo?: DemoSources;
}

export interface DemoSources {
  /** Serves every target of a demo profile. */
  source: RoutedSource<PubsubTarget>;
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
  /** Every source given, once, in RouterSources' order: the order they hear connection states, close and dispose. */
  private readonly everySource: readonly SourceHooks[];
  /** One per receiving listener: a closed profile's source outages are forgotten in each. */
  private readonly merges = new Set<ReceivingMerge>();

  constructor(private readonly sources: RouterSources) {
    const given = [sources.redisPubsub, sources.redisStream, sources.redisShard, sources.bridge, sources.demo?.source];
    this.everySource = given.filter((source): source is NonNullable<typeof source> => source !== undefined);
  }

  subscribe(profileId: string, target: LaneTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    switch (target.kind) {
      case 'channel':
      case 'pattern':
        return this.pubsubSourceOf(profileId).subscribe(profileId, target, onMessage);
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
    return this.pubsubSourceOf(profileId).receivingState(profileId);
  }

  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    // A source with its own link (a device bridge) adds its listener here; a stream tail shares the profile's connection and its states.
    // Sharded channels lose an owner node while the profile stays ready: merged into one gap per span (receivingMerge.ts).
    const merge = new ReceivingMerge(listener);
    this.merges.add(merge);
    const stopRedis = this.sources.redisPubsub.onDidChangeReceiving((profileId, state) => {
      if (!this.demoSourceOf(profileId)) merge.fromProfile(profileId, state);
    });
    const stopShards = this.sources.redisShard?.onDidChangeReceiving((profileId, state) => merge.fromSource(profileId, state));
    const stopDemo = this.sources.demo?.source.onDidChangeReceiving(listener);
    return () => {
      this.merges.delete(merge);
      stopRedis();
      stopShards?.();
      stopDemo?.();
    };
  }

  /** The bus core passes every state change of a profile's connection here, once; each source that follows it hears it. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    for (const source of this.everySource) source.handleConnectionState?.(profileId, state);
  }

  /**
   * Ends every source's consumers on the profile, before its connection
   * closes. Sources close without a word (a 'ready' now would start what
   * starts with the profile again), so an outage a source had is forgotten
   * here: the connection's own states tell the rest.
   */
  closeProfile(profileId: string): void {
    for (const source of this.everySource) source.closeProfile?.(profileId);
    for (const merge of this.merges) merge.forget(profileId);
  }

  dispose(): void {
    for (const source of this.everySource) source.dispose?.();
    this.merges.clear();
  }

  /**
   * How many of Labwire's own consumers `command` to `channel` reaches on
   * the profile now, as the server will count them: PUBLISH reaches channel
   * and pattern subscriptions, SPUBLISH sharded ones only.
   */
  ownReceiversOf(profileId: string, channel: string, command: PublishCommand): number {
    switch (command) {
      case 'publish':
        return this.pubsubSourceOf(profileId).ownReceiversOf?.(profileId, channel) ?? 0;
      case 'spublish':
        return this.sources.redisShard?.ownReceiversOf?.(profileId, channel) ?? 0;
      default:
        return unhandledCommand(command);
    }
  }

  /**
   * The device bridges (by name) among the receivers `command` to `channel`
   * reaches: a bridge listens through a channel subscription, so PUBLISH
   * reaches it and SPUBLISH never does.
   */
  bridgesListeningOn(profileId: string, channel: string, command: PublishCommand): string[] {
    return command === 'publish' ? (this.sources.bridge?.commandListenersOf(profileId, channel) ?? []) : [];
  }

  /** What serves channels and patterns for the profile: the demo source for a demo profile, Redis pub/sub for every other. */
  private pubsubSourceOf(profileId: string): RoutedSource<PubsubTarget> {
    return this.demoSourceOf(profileId) ?? this.sources.redisPubsub;
  }

  /** The demo source when the profile is a demo profile; undefined for every Redis profile. */
  private demoSourceOf(profileId: string): RoutedSource<PubsubTarget> | undefined {
    const demo = this.sources.demo;
    return demo?.isDemoProfile(profileId) === true ? demo.source : undefined;
  }
}

function unhandledCommand(command: never): never {
  throw new Error(`The source router has no case for the publish command ${String(command)}.`);
}
