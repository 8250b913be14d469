/**
 * Sends messages through a publisher that may be slow or failing, without ever
 * building an unbounded queue: at most `maxInFlight` publishes wait for an
 * answer; beyond that a message is skipped and counted. Failures are counted,
 * never retried, never thrown.
 */
import type { Result } from '../../shared/result';

export type PublishFunction = (channel: string, payload: Buffer) => Promise<Result<number>>;

export interface PublishCounters {
  /** Publishes the server accepted. */
  published: number;
  /** Publishes that failed (server gone, NOPERM, not connected ...). */
  failed: number;
  /** Messages never sent because too many publishes were still waiting. */
  skipped: number;
  /** Publishes waiting for an answer right now. */
  inFlight: number;
}

export class PublishGate {
  private readonly counters: PublishCounters = { published: 0, failed: 0, skipped: 0, inFlight: 0 };

  constructor(
    private readonly publish: PublishFunction,
    private readonly maxInFlight: number,
  ) {}

  snapshot(): PublishCounters {
    return { ...this.counters };
  }

  send(channel: string, payload: Buffer): void {
    const counters = this.counters;
    if (counters.inFlight >= this.maxInFlight) {
      counters.skipped++;
      return;
    }
    let pending: Promise<Result<number>>;
    try {
      pending = this.publish(channel, payload);
    } catch {
      counters.failed++;
      return;
    }
    counters.inFlight++;
    pending.then(
      (result) => {
        counters.inFlight--;
        if (result.ok) counters.published++;
        else counters.failed++;
      },
      () => {
        counters.inFlight--;
        counters.failed++;
      },
    );
  }
}
