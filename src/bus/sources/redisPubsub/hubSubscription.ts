/**
 * One consumer's handle on a shared Redis subscription. Several consumers
 * (lanes, plots) of the same channel or pattern share one entry, so Redis
 * sees one SUBSCRIBE; each consumer has its own state listeners.
 */
import type { LaneSubscription, LaneTarget } from '../../../shared/liveChannels';
import type { SourceMessage, SourceSubscription } from '../messageSource';
import { SourceSubscriptionState } from '../sourceSubscriptionState';

/** What Redis pub/sub can listen to: the router hands this source only these kinds. */
export type PubsubTarget = Extract<LaneTarget, { kind: 'channel' | 'pattern' }>;

/** One message as Redis delivered it (a SourceMessage without a sequence). */
export type RawMessage = SourceMessage;

/** The state of one channel or pattern on the profile's subscriber connection. */
export interface SubscriptionEntry {
  /** 'c' + the channel bytes as latin1 (one char per byte), or 'p' + the pattern. */
  readonly key: string;
  readonly target: PubsubTarget;
  /** The exact bytes sent with SUBSCRIBE or PSUBSCRIBE, handed to consumers with each message. */
  readonly name: Buffer;
  readonly consumers: Set<EntryConsumer>;
  state: LaneSubscription;
  /** The subscriber link whose SUBSCRIBE covers this entry; a late answer from an older link changes nothing. */
  subscribedOn: object | null;
  /** It was active once on the server: a later refusal means the permission was taken away. */
  wasActive: boolean;
}

export function entryKeyOf(target: PubsubTarget): { key: string; name: Buffer } {
  if (target.kind === 'channel') {
    const name = Buffer.from(target.name, 'utf8');
    return { key: `c${name.toString('latin1')}`, name };
  }
  const name = Buffer.from(target.pattern, 'utf8');
  // ioredis hands the pattern of a pmessage over as a UTF-8 string; decoding ours the same way makes the keys meet.
  return { key: `p${name.toString('utf8')}`, name };
}

export class EntryConsumer implements SourceSubscription {
  private readonly stateOfConsumer: SourceSubscriptionState;
  private entry: SubscriptionEntry | null;

  constructor(
    readonly id: string,
    entry: SubscriptionEntry,
    private readonly onMessage: (message: RawMessage) => void,
    private readonly leave: (consumer: EntryConsumer, entry: SubscriptionEntry) => Promise<void>,
  ) {
    this.entry = entry;
    this.stateOfConsumer = new SourceSubscriptionState(entry.state);
  }

  state(): LaneSubscription {
    return this.entry?.state ?? this.stateOfConsumer.get();
  }

  whenSettled(): Promise<LaneSubscription> {
    return this.stateOfConsumer.whenSettled();
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    return this.stateOfConsumer.onDidChangeState(listener);
  }

  async unsubscribe(): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    this.detach();
    await this.leave(this, entry);
  }

  /** Called by the owner for each message of the entry. A consumer's bug must not stop the others or the connection. */
  deliver(message: RawMessage): void {
    try {
      this.onMessage(message);
    } catch (error) {
      console.error('Labwire: a live-channel consumer failed on a message', error);
    }
  }

  notify(state: LaneSubscription): void {
    this.stateOfConsumer.set(state);
  }

  /** Ends the consumer without UNSUBSCRIBE (the profile is closing); waiters get the final state. */
  detach(finalState?: LaneSubscription): void {
    if (!this.entry) return;
    const last = finalState ?? this.entry.state;
    this.entry = null;
    this.stateOfConsumer.end(last);
  }
}
