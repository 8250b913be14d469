/**
 * The sharded pub/sub source of Cluster profiles (SSUBSCRIBE): lanes and
 * plots reach it through the SourceRouter for `shard` targets. Each
 * profile's channels live in a ProfileShards; this class routes the
 * profile's connection states to it and reports its own receiving gaps.
 */
import type { ConnectionState } from '../../../shared/connectionState';
import type { MessageSource, SourceMessage, SourceSubscription } from '../messageSource';
import { ProfileShards, type ShardConnections } from './profileShards';
import type { ShardTarget } from './shardConsumer';
import { PerProfile, ReceivingListeners } from '../perProfile';

export class ShardedChannels implements MessageSource<ShardTarget> {
  private readonly listeners = new ReceivingListeners();
  private readonly profiles = new PerProfile(
    (profileId) => new ProfileShards(profileId, this.connections, (state) => this.listeners.emit(profileId, state)),
  );
  private nextSubscriptionNumber = 1;

  constructor(private readonly connections: ShardConnections) {}

  subscribe(profileId: string, target: ShardTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const id = `shard-subscription-${this.nextSubscriptionNumber++}`;
    return this.profiles.getOrCreate(profileId).add(id, target, onMessage);
  }

  /** How many of Labwire's own sharded subscriptions on this profile an SPUBLISH to `channel` reaches now. */
  ownReceiversOf(profileId: string, channel: string): number {
    return this.profiles.get(profileId)?.ownReceiversOf(Buffer.from(channel, 'utf8')) ?? 0;
  }

  receivingState(profileId: string): ConnectionState {
    return this.connections.stateOf(profileId);
  }

  /** Only this source's own outages (an owner node lost while the profile stays ready); the profile's states come from the hub. */
  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    return this.listeners.add(listener);
  }

  /** busCore calls this on every state change of a profile's connection. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    this.profiles.handleConnectionState(profileId, state);
  }

  closeProfile(profileId: string): void {
    this.profiles.close(profileId);
  }

  dispose(): void {
    this.profiles.closeAll();
    this.listeners.clear();
  }
}
