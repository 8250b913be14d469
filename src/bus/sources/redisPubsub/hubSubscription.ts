/**
 * One consumer's handle on a shared Redis subscription. Several consumers
 * (lanes, plots) of the same channel or pattern share one entry, so Redis
 * sees one SUBSCRIBE; each consumer has its own state listeners.
 */
import type { LaneSubscription, LaneTarget } from '../../../shared/liveChannels';

/** One message as Redis delivered it: bytes only, never a lossy string. */
export interface RawMessage {
  /** The channel the message was published on, exact bytes. */
  channel: Buffer;
  /** The pattern that matched (PSUBSCRIBE), or null for an exact-channel subscription. */
  pattern: Buffer | null;
  payload: Buffer;
  /** Epoch ms when the bus received it. */
  receivedAt: number;
}

export interface HubSubscription {
  readonly id: string;
  state(): LaneSubscription;
  /** Resolves once the subscription is 'active' or 'refused', or with its last state when it ends first. */
  whenSettled(): Promise<LaneSubscription>;
  onDidChangeState(listener: (state: LaneSubscription) => void): () => void;
  /** Leaves the subscription; the last consumer's leaving sends UNSUBSCRIBE. Never rejects. */
  unsubscribe(): Promise<void>;
}

/** The state of one channel or pattern on the profile's subscriber connection. */
export interface SubscriptionEntry {
  /** 'c' + the channel bytes as latin1 (one char per byte), or 'p' + the pattern. */
  readonly key: string;
  readonly target: LaneTarget;
  /** The exact bytes sent with SUBSCRIBE or PSUBSCRIBE, handed to consumers with each message. */
  readonly name: Buffer;
  readonly consumers: Set<EntryConsumer>;
  state: LaneSubscription;
  /** The subscriber link whose SUBSCRIBE covers this entry; a late answer from an older link changes nothing. */
  subscribedOn: object | null;
  /** It was active once on the server: a later refusal means the permission was taken away. */
  wasActive: boolean;
}

export function entryKeyOf(target: LaneTarget): { key: string; name: Buffer } {
  if (target.kind === 'channel') {
    const name = Buffer.from(target.name, 'utf8');
    return { key: `c${name.toString('latin1')}`, name };
  }
  const name = Buffer.from(target.pattern, 'utf8');
  // ioredis hands the pattern of a pmessage over as a UTF-8 string; decoding ours the same way makes the keys meet.
  return { key: `p${name.toString('utf8')}`, name };
}

function isSettled(state: LaneSubscription): boolean {
  return state.state === 'active' || state.state === 'refused';
}

export class EntryConsumer implements HubSubscription {
  private readonly listeners = new Set<(state: LaneSubscription) => void>();
  private entry: SubscriptionEntry | null;
  private lastState: LaneSubscription;

  constructor(
    readonly id: string,
    entry: SubscriptionEntry,
    private readonly onMessage: (message: RawMessage) => void,
    private readonly leave: (consumer: EntryConsumer, entry: SubscriptionEntry) => Promise<void>,
  ) {
    this.entry = entry;
    this.lastState = entry.state;
  }

  state(): LaneSubscription {
    return this.entry?.state ?? this.lastState;
  }

  whenSettled(): Promise<LaneSubscription> {
    const current = this.state();
    if (isSettled(current) || !this.entry) return Promise.resolve(current);
    return new Promise((resolve) => {
      const stop = this.onDidChangeState((state) => {
        if (!isSettled(state) && this.entry) return;
        stop();
        resolve(state);
      });
    });
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    this.lastState = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('Labwire: a subscription state listener failed', error);
      }
    }
  }

  /** Ends the consumer without UNSUBSCRIBE (the profile is closing); waiters get the final state. */
  detach(finalState?: LaneSubscription): void {
    if (!this.entry) return;
    this.lastState = finalState ?? this.entry.state;
    this.entry = null;
    this.notify(this.lastState);
    this.listeners.clear();
  }
}
