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
import { PerProfile, ReceivingListeners } from '../perProfile';

export type StreamTarget = Extract<LaneTarget, { kind: 'stream' }>;

export class StreamTail implements MessageSource<StreamTarget> {
  private readonly listeners = new ReceivingListeners();
  private readonly timing: TailTiming;
  private readonly profiles = new PerProfile((profileId) => new ProfileTail(profileId, this.connections, this.timing));
  private nextSubscriptionNumber = 1;

  constructor(
    private readonly connections: ConnectionRegistry,
    timing: Partial<TailTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TAIL_TIMING, ...timing };
  }

  subscribe(profileId: string, target: StreamTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    const id = `stream-tail-${this.nextSubscriptionNumber++}`;
    return this.profiles.getOrCreate(profileId).add(id, target.key, onMessage);
  }

  receivingState(profileId: string): ConnectionState {
    return this.connections.stateOf(profileId);
  }

  /** The tail shares the profile's connection states; the router reports them once, from the pub/sub source. */
  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    return this.listeners.add(listener);
  }

  /** busCore calls this on every state change of a profile's connection. */
  handleConnectionState(profileId: string, state: ConnectionState): void {
    this.profiles.handleConnectionState(profileId, state);
    this.listeners.emit(profileId, state);
  }

  closeProfile(profileId: string): void {
    this.profiles.close(profileId);
  }

  dispose(): void {
    this.profiles.closeAll();
    this.listeners.clear();
  }
}
