/**
 * The recent publishes, per profile and by attempt id: the panel's history
 * and the memory that keeps a repeated attempt (a double click, a request
 * re-sent by a transport) from publishing twice. Bounded both ways.
 */
import type { PublishEntry } from './auditLine';

export const MAX_HISTORY_PER_PROFILE = 200;
/** Attempt ids remembered across all profiles; far more than anyone retries by hand. */
export const MAX_REMEMBERED_ATTEMPTS = 10_000;

export class PublishHistory {
  /** Oldest first, so a new entry is a push and the oldest a shift. */
  private readonly byProfile = new Map<string, PublishEntry[]>();
  private readonly byAttempt = new Map<string, PublishEntry>();

  constructor(
    private readonly maxPerProfile = MAX_HISTORY_PER_PROFILE,
    private readonly maxAttempts = MAX_REMEMBERED_ATTEMPTS,
  ) {}

  add(entry: PublishEntry): void {
    let entries = this.byProfile.get(entry.profileId);
    if (!entries) {
      entries = [];
      this.byProfile.set(entry.profileId, entries);
    }
    entries.push(entry);
    if (entries.length > this.maxPerProfile) entries.shift();
    // Re-inserting moves the id to the newest end of the map's order.
    this.byAttempt.delete(entry.attemptId);
    this.byAttempt.set(entry.attemptId, entry);
    if (this.byAttempt.size > this.maxAttempts) {
      const oldest = this.byAttempt.keys().next();
      if (!oldest.done) this.byAttempt.delete(oldest.value);
    }
  }

  attempt(attemptId: string): PublishEntry | undefined {
    return this.byAttempt.get(attemptId);
  }

  /** Newest first. */
  list(profileId: string): PublishEntry[] {
    return [...(this.byProfile.get(profileId) ?? [])].reverse();
  }
}
