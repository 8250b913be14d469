/** One consumer's handle on a tailed stream: several lanes and plots on one key share one entry and one read. */
import type { LaneSubscription } from '../../../shared/liveChannels';
import type { SourceMessage, SourceSubscription } from '../messageSource';

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
}

function isSettled(state: LaneSubscription): boolean {
  return state.state === 'active' || state.state === 'refused';
}

export class TailConsumer implements SourceSubscription {
  private readonly listeners = new Set<(state: LaneSubscription) => void>();
  private entry: TailEntry | null;
  private lastState: LaneSubscription;

  constructor(
    readonly id: string,
    entry: TailEntry,
    private readonly onMessage: (message: SourceMessage) => void,
    private readonly leave: (consumer: TailConsumer, entry: TailEntry) => void,
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
    this.lastState = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('Labwire: a subscription state listener failed', error);
      }
    }
  }

  detach(finalState?: LaneSubscription): void {
    if (!this.entry) return;
    this.lastState = finalState ?? this.entry.state;
    this.entry = null;
    this.notify(this.lastState);
    this.listeners.clear();
  }
}
