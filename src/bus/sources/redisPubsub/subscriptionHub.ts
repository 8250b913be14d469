/**
 * The Redis pub/sub message source: the one place the bus subscribes to
 * Redis channels. Lanes and plots reach it through the SourceRouter; it counts consumers per channel and pattern,
 * so Redis sees one SUBSCRIBE however many consumers share it, and the
 * last consumer's leaving sends UNSUBSCRIBE.
 *
 * Dispatch follows Redis' own split: a `message` reaches the consumers of
 * that exact channel, a `pmessage` the consumers of that pattern. A message
 * matched by a channel subscription and a pattern subscription therefore
 * reaches each consumer once, never one consumer twice.
 */
import type { ConnectionState } from '../../../shared/connectionState';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import type { MessageSource, SourceSubscription } from '../messageSource';
import type { PubsubTarget, RawMessage } from './hubSubscription';
import { ProfileSubscriptions } from './profileSubscriptions';
import { PerProfile, ReceivingListeners } from '../perProfile';

export class SubscriptionHub implements MessageSource<PubsubTarget> {
  private readonly listeners = new ReceivingListeners();
  private readonly profiles = new PerProfile(
    (profileId) => new ProfileSubscriptions(profileId, this.connections, (state) => this.listeners.emit(profileId, state)),
  );
  private nextSubscriptionNumber = 1;

  constructor(private readonly connections: ConnectionRegistry) {}

  /**
   * Starts receiving `target` for `onMessage`. The subscription is
   * 'subscribing' while the server answers, 'interrupted' while the profile
   * is not connected (it resubscribes when it is), 'refused' when the server
   * said no. Never throws.
   */
  subscribe(profileId: string, target: PubsubTarget, onMessage: (message: RawMessage) => void): SourceSubscription {
    const id = `subscription-${this.nextSubscriptionNumber++}`;
    return this.profiles.getOrCreate(profileId).add(id, target, onMessage);
  }

  /** How many of Labwire's own subscriptions on this profile a PUBLISH to `channel` reaches now (Redis counts each). */
  ownReceiversOf(profileId: string, channel: string): number {
    return this.profiles.get(profileId)?.ownReceiversOf(Buffer.from(channel, 'utf8')) ?? 0;
  }

  /** The profile's connection state: lanes are added only while it is 'ready'. */
  receivingState(profileId: string): ConnectionState {
    return this.connections.stateOf(profileId);
  }

  /** busCore calls this on every state change of a profile's connection. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    this.listeners.emit(profileId, state);
    this.profiles.handleConnectionState(profileId, state);
  }

  /**
   * The receiving state of each profile: every state of the profile's
   * connection, plus 'reconnecting' then 'ready' (with `lastGap`) when the
   * server cut the subscriber connection alone. A gap in what was received
   * opens at 'reconnecting' and closes at 'ready'.
   */
  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Ends every subscription of the profile (its consumers see 'interrupted' and are detached). */
  closeProfile(profileId: string): void {
    this.profiles.close(profileId);
  }

  dispose(): void {
    this.profiles.closeAll();
    this.listeners.clear();
  }
}
