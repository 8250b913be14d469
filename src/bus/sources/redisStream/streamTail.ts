/**
 * The Redis stream tail: a stream key as a message source. Lanes and plots
 * reach it through the SourceRouter (`kind: 'stream'`); each entry added to
 * the key after the consumer arrived becomes one SourceMessage (`channel` =
 * the key's bytes, `payload` per entryPayload.ts, `entryId` = the entry's
 * id). Several consumers of one key share one read; every key of a profile
 * is read by one XREAD on the profile's blocking connection (profileTail.ts).
 */
import type { ConnectionState } from '../../../shared/connectionState';
import type { LaneTarget } from '../../../shared/liveChannels';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import type { MessageSource, SourceMessage, SourceSubscription } from '../messageSource';
import { DEFAULT_TAIL_TIMING, ProfileTail, type TailTiming } from './profileTail';

export type StreamTarget = Extract<LaneTarget, { kind: 'stream' }>;

export class StreamTail implements MessageSource<StreamTarget> {
  private readonly profiles = new Map<string, ProfileTail>();
  private readonly listeners = new Set<(profileId: string, state: ConnectionState) => void>();
  private readonly timing: TailTiming;
  private nextSubscriptionNumber = 1;

  constructor(
    private readonly connections: ConnectionRegistry,
    timing: Partial<TailTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TAIL_TIMING, ...timing };
  }

  subscribe(profileId: string, target: StreamTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const id = `stream-tail-${this.nextSubscriptionNumber++}`;
    return this.profileFor(profileId).add(id, target.key, onMessage);
  }

  receivingState(profileId: string): ConnectionState {
    return this.connections.stateOf(profileId);
  }

  /** The tail shares the profile's connection states; the router reports them once, from the pub/sub source. */
  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** busCore calls this on every state change of a profile's connection. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    this.profiles.get(profileId)?.handleConnectionState(state);
    for (const listener of [...this.listeners]) listener(profileId, state);
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

  private profileFor(profileId: string): ProfileTail {
    let profile = this.profiles.get(profileId);
    if (!profile) {
      profile = new ProfileTail(profileId, this.connections, this.timing);
      this.profiles.set(profileId, profile);
    }
    return profile;
  }
}
