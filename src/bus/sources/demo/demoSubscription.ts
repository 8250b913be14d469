/**
 * One consumer's handle on a demo target. There is no server to answer, so a
 * subscription turns 'active' on the next microtask (never during subscribe,
 * as the MessageSource contract asks) and 'interrupted' when the demo
 * profile is closed.
 */
import type { LaneSubscription } from '../../../shared/liveChannels';
import type { SourceMessage, SourceSubscription } from '../messageSource';
import type { PubsubTarget } from '../redisPubsub/hubSubscription';
import { SourceSubscriptionState } from '../sourceSubscriptionState';
import { matchesRedisGlob } from '../redisPubsub/redisGlob';

/** Pattern answers remembered per subscription; the simulator names a few dozen channels, so this is never reached in a demo. */
const MAX_REMEMBERED_MATCHES = 1024;

export class DemoSubscription implements SourceSubscription {
  private readonly stateOfSubscription = new SourceSubscriptionState({ state: 'subscribing', since: Date.now() });
  /** The pattern's bytes, handed to consumers with each message; null for a channel. */
  readonly patternBytes: Buffer | null;
  private readonly matches = new Map<string, boolean>();

  constructor(
    readonly id: string,
    readonly target: PubsubTarget,
    readonly onMessage: (message: SourceMessage) => void,
    private readonly leave: (subscription: DemoSubscription) => void,
  ) {
    this.patternBytes = target.kind === 'pattern' ? Buffer.from(target.pattern, 'utf8') : null;
  }

  /** Whether a message on `channel` (its name and exact bytes) is for this subscription. */
  wants(channel: string, channelBytes: Buffer): boolean {
    if (this.stateOfSubscription.get().state !== 'active') return false;
    if (this.target.kind === 'channel') return this.target.name === channel;
    let isMatch = this.matches.get(channel);
    if (isMatch === undefined) {
      isMatch = matchesRedisGlob(this.patternBytes as Buffer, channelBytes);
      if (this.matches.size >= MAX_REMEMBERED_MATCHES) this.matches.clear();
      this.matches.set(channel, isMatch);
    }
    return isMatch;
  }

  state(): LaneSubscription {
    return this.stateOfSubscription.get();
  }

  whenSettled(): Promise<LaneSubscription> {
    return this.stateOfSubscription.whenSettled();
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    return this.stateOfSubscription.onDidChangeState(listener);
  }

  unsubscribe(): Promise<void> {
    this.leave(this);
    return Promise.resolve();
  }

  /** 'interrupted' ends a demo subscription: it comes only when it left, its profile closed, or the demo was not receiving. */
  change(state: LaneSubscription): void {
    if (this.stateOfSubscription.get().state === state.state) return;
    if (state.state === 'interrupted') this.stateOfSubscription.end(state);
    else this.stateOfSubscription.set(state);
  }
}
