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
import type { MessageSource, SourceMessage, SourceSubscription } from './messageSource';
import type { PubsubTarget } from './redisPubsub/hubSubscription';
import type { StreamTarget } from './redisStream/streamTail';

export interface RouterSources {
  /** Redis pub/sub channels and patterns on the profile's connection. */
  redisPubsub: MessageSource<PubsubTarget>;
  /** Redis stream keys, tailed with XREAD on the profile's blocking connection. */
  redisStream: MessageSource<StreamTarget>;
}

export class SourceRouter implements MessageSource {
  constructor(private readonly sources: RouterSources) {}

  subscribe(profileId: string, target: LaneTarget, onMessage: (message: SourceMessage) => void): SourceSubscription {
    switch (target.kind) {
      case 'channel':
      case 'pattern':
        return this.sources.redisPubsub.subscribe(profileId, target, onMessage);
      case 'stream':
        return this.sources.redisStream.subscribe(profileId, target, onMessage);
      default:
        return unhandledTarget(target);
    }
  }

  /** The profile's Redis connection is what every source so far receives through. */
  receivingState(profileId: string): ConnectionState {
    return this.sources.redisPubsub.receivingState(profileId);
  }

  onDidChangeReceiving(listener: (profileId: string, state: ConnectionState) => void): () => void {
    // A source with its own link (a device bridge) adds its listener here; a stream tail shares the profile's connection and its states.
    return this.sources.redisPubsub.onDidChangeReceiving(listener);
  }
}
