/**
 * Records what a ConnectionRegistry pushes, and waits for a state. Plug
 * `listeners` into the registry's options.
 */
import type { ConnectionState, ServerFacts } from '../../src/shared/connectionState';

export interface RecordedState {
  profileId: string;
  state: ConnectionState;
  /** Epoch ms when the recorder saw it. */
  at: number;
}

export class ConnectionStateRecorder {
  readonly states: RecordedState[] = [];
  readonly facts: { profileId: string; facts: ServerFacts }[] = [];
  private waiters: { check(): boolean }[] = [];

  readonly listeners = {
    onDidChangeState: (profileId: string, state: ConnectionState): void => {
      this.states.push({ profileId, state, at: Date.now() });
      this.wake();
    },
    onDidReadFacts: (profileId: string, facts: ServerFacts): void => {
      this.facts.push({ profileId, facts });
      this.wake();
    },
  };

  /** State names of one profile in order, repeats collapsed (reconnecting attempts 1, 2, 3 become one). */
  namesOf(profileId: string): string[] {
    const names: string[] = [];
    for (const recorded of this.states) {
      if (recorded.profileId !== profileId) continue;
      if (names.at(-1) !== recorded.state.state) names.push(recorded.state.state);
    }
    return names;
  }

  /** Resolves with the first state of `profileId` recorded from index `fromIndex` on that matches. */
  waitForState(
    profileId: string,
    predicate: (state: ConnectionState) => boolean,
    timeoutMs: number,
    fromIndex = 0,
  ): Promise<RecordedState> {
    const find = (): RecordedState | undefined =>
      this.states.slice(fromIndex).find((recorded) => recorded.profileId === profileId && predicate(recorded.state));
    return this.waitFor(find, timeoutMs, () => `no matching state for ${profileId} within ${timeoutMs} ms; saw ${JSON.stringify(this.namesOf(profileId))}`);
  }

  waitForFacts(profileId: string, timeoutMs: number): Promise<ServerFacts> {
    return this.waitFor(() => this.facts.find((entry) => entry.profileId === profileId)?.facts, timeoutMs, () => `no facts for ${profileId} within ${timeoutMs} ms`);
  }

  private waitFor<T>(find: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const found = find();
      if (found !== undefined) return resolve(found);
      const waiter = {
        check: (): boolean => {
          const value = find();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(failure()));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    this.waiters = this.waiters.filter((waiter) => !waiter.check());
  }
}
