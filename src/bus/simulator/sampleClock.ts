/**
 * Turns wall-clock time into "samples due now" for a fixed-rate source that is
 * driven by a coarse timer: the rate is exact on average however late the
 * timer fires, and after a stall the source sends at most `maxBacklog` samples
 * at once and skips the rest (counted) instead of bursting a long backlog.
 */

export interface SamplesDue {
  /** Send this many samples now. */
  due: number;
  /** Samples given up because they fell further behind than the backlog cap. */
  skipped: number;
}

export class SampleClock {
  private sent = 0;

  constructor(
    readonly rateHz: number,
    private readonly startMs: number,
    private readonly maxBacklog: number,
  ) {}

  /** Samples sent or skipped so far; the next sample's index. */
  get position(): number {
    return this.sent;
  }

  advance(nowMs: number): SamplesDue {
    const target = Math.floor(((nowMs - this.startMs) * this.rateHz) / 1000);
    const pending = target - this.sent;
    if (pending <= 0) return { due: 0, skipped: 0 };
    const skipped = Math.max(0, pending - this.maxBacklog);
    this.sent = target;
    return { due: pending - skipped, skipped };
  }
}
