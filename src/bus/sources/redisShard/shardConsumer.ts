/**
 * One consumer's handle on a sharded channel. Lanes and plots on the same
 * channel share one entry, so the owner node sees one SSUBSCRIBE.
 */
import type { LaneSubscription, LaneTarget } from '../../../shared/liveChannels';
import type { SourceMessage, SourceSubscription } from '../messageSource';
import { SourceSubscriptionState } from '../sourceSubscriptionState';

/** What this source listens to: the router hands it only sharded channels. */
export type ShardTarget = Extract<LaneTarget, { kind: 'shard' }>;

/** The state of one sharded channel of a profile. */
export interface ShardEntry {
  /** The channel's bytes as latin1, as `smessageBuffer` hands them back. */
  readonly key: string;
  readonly name: Buffer;
  readonly slot: number;
  readonly consumers: Set<ShardConsumer>;
  state: LaneSubscription;
  /** The owner link whose SSUBSCRIBE covers this entry; a late answer from another link changes nothing. */
  link: object | null;
  /** It was active once: a later refusal means a permission was taken away. */
  wasActive: boolean;
}

export class ShardConsumer implements SourceSubscription {
  private readonly own: SourceSubscriptionState;
  private entry: ShardEntry | null;

  constructor(
    readonly id: string,
    entry: ShardEntry,
    private readonly onMessage: (message: SourceMessage) => void,
    private readonly leave: (consumer: ShardConsumer, entry: ShardEntry) => Promise<void>,
  ) {
    this.entry = entry;
    this.own = new SourceSubscriptionState(entry.state);
  }

  state(): LaneSubscription {
    return this.entry?.state ?? this.own.get();
  }

  whenSettled(): Promise<LaneSubscription> {
    return this.own.whenSettled();
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    return this.own.onDidChangeState(listener);
  }

  async unsubscribe(): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    this.detach();
    await this.leave(this, entry);
  }

  /** A consumer's bug must not stop the others or the link. */
  deliver(message: SourceMessage): void {
    try {
      this.onMessage(message);
    } catch (error) {
      console.error('Labwire: a sharded-channel consumer failed on a message', error);
    }
  }

  notify(state: LaneSubscription): void {
    this.own.set(state);
  }

  /** Ends the consumer without SUNSUBSCRIBE (the profile is closing); waiters get the final state. */
  detach(finalState?: LaneSubscription): void {
    if (!this.entry) return;
    const last = finalState ?? this.entry.state;
    this.entry = null;
    this.own.end(last);
  }
}
