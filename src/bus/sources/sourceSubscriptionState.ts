/**
 * The state half of a SourceSubscription, written once for every source
 * (the pub/sub hub's consumers, the stream tail's, the demo's, the tests'
 * fake): the current state, its listeners, whenSettled, and the end after
 * which nothing changes and waiters are answered.
 *
 * - A listener's bug does not stop the other listeners or the source.
 * - whenSettled resolves at 'active' or 'refused', or with the last state
 *   when the subscription ends first (a detached tail settles).
 */
import type { LaneSubscription } from '../../shared/liveChannels';

export function isSettledState(state: LaneSubscription): boolean {
  return state.state === 'active' || state.state === 'refused';
}

export class SourceSubscriptionState {
  private readonly listeners = new Set<(state: LaneSubscription) => void>();
  private current: LaneSubscription;
  private isEnded = false;

  constructor(initial: LaneSubscription) {
    this.current = initial;
  }

  get(): LaneSubscription {
    return this.current;
  }

  hasEnded(): boolean {
    return this.isEnded;
  }

  /** A new state, told to every listener. Ignored once ended. */
  set(state: LaneSubscription): void {
    if (this.isEnded) return;
    this.current = state;
    this.tell(state);
  }

  /** The last state (the current one when not given): told once more, then no listener is kept. */
  end(finalState: LaneSubscription = this.current): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.current = finalState;
    this.tell(finalState);
    this.listeners.clear();
  }

  whenSettled(): Promise<LaneSubscription> {
    if (isSettledState(this.current) || this.isEnded) return Promise.resolve(this.current);
    return new Promise((resolve) => {
      const stop = this.onDidChangeState((state) => {
        if (!isSettledState(state) && !this.isEnded) return;
        stop();
        resolve(state);
      });
    });
  }

  onDidChangeState(listener: (state: LaneSubscription) => void): () => void {
    if (this.isEnded) return () => undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(state: LaneSubscription): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('Labwire: a subscription state listener failed', error);
      }
    }
  }
}
