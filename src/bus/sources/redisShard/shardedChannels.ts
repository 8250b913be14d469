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

export class ShardedChannels implements MessageSource<ShardTarget> {
  private readonly profiles = new Map<string, ProfileShards>();
  private readonly listeners = new Set<(profileId: string, state: ConnectionState) => void>();
  private nextSubscriptionNumber = 1;

  constructor(private readonly connections: ShardConnections) {}

  subscribe(profileId: string, target: ShardTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const id = `shard-subscription-${this.nextSubscriptionNumber++}`;
    return this.profileFor(profileId).add(id, target, onMessage);
  }

  receivingState(profileId: string): ConnectionState {
    return this.connections.stateOf(profileId);
  }

  /** Only this source's own outages (an owner node lost while the profile stays ready); the profile's states come from the hub. */
  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** busCore calls this on every state change of a profile's connection. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    this.profiles.get(profileId)?.handleConnectionState(state);
  }

  closeProfile(profileId: string): void {
    this.profiles.get(profileId)?.close();
    this.profiles.delete(profileId);
  }

  dispose(): void {
    for (const profile of this.profiles.values()) profile.close();
    this.profiles.clear();
    this.listeners.clear();
  }

  private profileFor(profileId: string): ProfileShards {
    let profile = this.profiles.get(profileId);
    if (!profile) {
      profile = new ProfileShards(profileId, this.connections, (state) => this.emit(profileId, state));
      this.profiles.set(profileId, profile);
    }
    return profile;
  }

  private emit(profileId: string, state: ConnectionState): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(profileId, state);
      } catch (error) {
        console.error('Labwire: a receiving state listener failed', error);
      }
    }
  }
}
