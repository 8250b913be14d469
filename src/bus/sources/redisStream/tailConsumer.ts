/** One consumer's handle on a tailed stream: several lanes and plots on one key share one entry and one read. */
import type { LaneSubscription } from '../../../shared/liveChannels';
import type { SourceMessage, SourceSubscription } from '../messageSource';
import { SourceSubscriptionState } from '../sourceSubscriptionState';

/** One tailed key of a profile. */
export interface TailEntry {
  /** The key as the user typed it. */
  readonly key: string;
  /** Its exact bytes, sent with XREAD and handed to consumers as `channel`. */
  readonly name: Buffer;
  /** name as latin1 (one char per byte): how XREAD's reply is matched to the entry. */
  readonly mapKey: string;
  readonly consumers: Set<TailConsumer>;
  state: LaneSubscription;
  /** The newest id read, or the stream's last id when tailing began; null until known. */
  lastId: string | null;
  /** entries-added (XINFO STREAM) when lastId was learned, plus the entries read since: to count what a trim took. */
  addedUpToLastId: number;
  /** Back after an interruption: the next read first tells what was missed (the `note` of the 'active' state). */
  isResuming: boolean;
  /** Bumped on every (re)check, so a late answer to an older one is ignored. */
  checkNumber: number;
  /** The read group (readGroups.ts) whose XREAD carries this key: '' on a single server. */
  readGroup: string;
}

export class TailConsumer implements SourceSubscription {
  private readonly stateOfConsumer: SourceSubscriptionState;
  private entry: TailEntry | null;

  constructor(
    readonly id: string,
    entry: TailEntry,
    private readonly onMessage: (message: SourceMessage) => void,
    private readonly leave: (consumer: TailConsumer, entry: TailEntry) => void,
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

  unsubscribe(): Promise<void> {
    const entry = this.entry;
    if (entry) {
      this.detach();
      this.leave(this, entry);
    }
    return Promise.resolve();
  }

  /** A consumer's bug must not stop the others or the read loop. */
  deliver(message: SourceMessage): void {
    try {
      this.onMessage(message);
    } catch (error) {
      console.error('Labwire: a stream-tail consumer failed on an entry', error);
    }
  }

  notify(state: LaneSubscription): void {
    this.stateOfConsumer.set(state);
  }

  /** Ends the consumer (it left, or the profile closed); waiters get the final state. */
  detach(finalState?: LaneSubscription): void {
    if (!this.entry) return;
    const last = finalState ?? this.entry.state;
    this.entry = null;
    this.stateOfConsumer.end(last);
  }
}
