/**
 * The one seam between where messages come from and what uses them. Lanes
 * (feed/liveChannels.ts, feed/profileFeed.ts) and plots (plots/*) see only
 * this interface; the Redis pub/sub source (redisPubsub/subscriptionHub.ts)
 * and the stream tail (redisStream/streamTail.ts) implement it, and device
 * bridges, sharded channels and recording playback each add one
 * implementation and one `case` in sourceRouter.ts.
 *
 * Shaped after Lichtblick's `Player`: a consumer asks for a target, gets a
 * handle with the target's own state, and receives messages through one
 * callback; the source's receiving state per profile is its own.
 */
import type { ConnectionState } from '../../shared/connectionState';
import type { LaneSubscription, LaneTarget } from '../../shared/liveChannels';
import type { DecodedPayload } from '../decode/decodePayload';

/**
 * One message as its source delivered it: bytes only, never a lossy string.
 * The names `channel` and `pattern` come from pub/sub and stay, because the
 * hot path builds this object once per message and every consumer reads
 * these fields; another source fills them with its own target name.
 */
export interface SourceMessage {
  /** The name the message arrived under, exact bytes: the pub/sub channel; a stream's key; a bridge's port name. */
  channel: Buffer;
  /** The pattern that matched (PSUBSCRIBE), or null when the target names one thing. */
  pattern: Buffer | null;
  /** Not ours to keep: a consumer that holds it past the callback copies it. */
  payload: Buffer;
  /** Epoch ms when the bus received it. */
  receivedAt: number;
  /** The source's own order number where it has one (a recording's index); pub/sub and the stream tail (see entryId) have none. */
  sequence?: number;
  /** A stream entry's id ("1700000000000-0"), for the stream tail only; other sources leave it out. */
  entryId?: string;
  /**
   * The payload's JSON decode, shared by the message's consumers
   * (decode/sharedDecode.ts): sources leave it undefined, the first
   * consumer that decodes fills it. Read-only.
   */
  decoded?: DecodedPayload;
}

/** One consumer's handle on a target: its own state, and the way to leave. */
export interface SourceSubscription {
  readonly id: string;
  /** 'subscribing' while the source answers, 'active', 'interrupted' while it cannot receive, 'refused' when it said no. */
  state(): LaneSubscription;
  /** Resolves once the subscription is 'active' or 'refused', or with its last state when it ends first. */
  whenSettled(): Promise<LaneSubscription>;
  onDidChangeState(listener: (state: LaneSubscription) => void): () => void;
  /** Leaves the target; a shared target is released when its last consumer leaves. Never rejects. */
  unsubscribe(): Promise<void>;
}

/**
 * A place messages come from. `Target` narrows what one implementation
 * accepts (the pub/sub source takes channels and patterns only); the router
 * accepts every LaneTarget.
 */
export interface MessageSource<Target extends LaneTarget = LaneTarget> {
  /**
   * Starts receiving `target` for `onMessage`. Never throws and never
   * delivers during the call, so the caller can finish setting up first.
   */
  subscribe(profileId: string, target: Target, onMessage: (message: SourceMessage) => void): SourceSubscription;
  /** Whether the profile can receive now; lanes are only added while it is 'ready'. */
  receivingState(profileId: string): ConnectionState;
  /**
   * Each change of a profile's receiving state. 'reconnecting' then 'ready'
   * (with `lastGap`) mark a span when nothing could be received: the feed
   * shows it as a gap.
   */
  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void;
}
