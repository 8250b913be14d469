/**
 * A per-second rate over the last few seconds, for the bridge's status:
 * counts go into one-second buckets and the rate is the sum of the last
 * RATE_WINDOW_SECONDS whole seconds divided by that many seconds, so a
 * stream that stops reads 0 after the window.
 *
 * Right after start the window is mostly time the bridge did not run: the
 * rate is then everything counted since start over the time since start, so
 * "9 records in" never reads "0.0/s" next to it.
 */
export const RATE_WINDOW_SECONDS = 5;
/**
 * The shortest time since start a rate is taken over: 3 records in the first
 * 10 ms are not "300/s". Until a second has passed the rate is at most the count.
 */
const MIN_ELAPSED_MS = 1000;
/** Since start, all counts are summed until the whole-second window holds only seconds after the start second. */
const SINCE_START_SPAN_MS = (RATE_WINDOW_SECONDS + 1) * 1000;

export class RecordRate {
  /** One bucket per second, indexed by the second's number modulo the length; the current second is still filling. The span since start can touch two more seconds than the window. */
  private readonly counts = new Float64Array(RATE_WINDOW_SECONDS + 2);
  private readonly seconds = new Float64Array(RATE_WINDOW_SECONDS + 2).fill(-1);

  add(amount: number, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % this.counts.length;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + amount;
  }

  /**
   * Per second over the last RATE_WINDOW_SECONDS whole seconds before `nowMs`;
   * within the first seconds after `startedAtMs` (when given), over the time since then.
   */
  perSecond(nowMs: number, startedAtMs?: number): number {
    const current = Math.floor(nowMs / 1000);
    const elapsedMs = startedAtMs === undefined ? Number.POSITIVE_INFINITY : nowMs - startedAtMs;
    if (elapsedMs < SINCE_START_SPAN_MS) return this.totalFrom(Math.floor((startedAtMs ?? 0) / 1000), current) / (Math.max(elapsedMs, MIN_ELAPSED_MS) / 1000);
    return this.totalFrom(current - RATE_WINDOW_SECONDS, current - 1) / RATE_WINDOW_SECONDS;
  }

  /** The counts of the seconds `first` to `last`, both included. */
  private totalFrom(first: number, last: number): number {
    let total = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const second = this.seconds[slot] ?? -1;
      if (second >= first && second <= last) total += this.counts[slot] ?? 0;
    }
    return total;
  }
}
