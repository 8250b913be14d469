/**
 * A per-second rate over the last few seconds, for the bridge's status:
 * counts go into one-second buckets and the rate is the sum of the last
 * RATE_WINDOW_SECONDS whole seconds divided by that many seconds, so a
 * stream that stops reads 0 after the window.
 */
export const RATE_WINDOW_SECONDS = 5;

export class RecordRate {
  /** One bucket per second, indexed by the second's number modulo the length; the current second is still filling. */
  private readonly counts = new Float64Array(RATE_WINDOW_SECONDS + 1);
  private readonly seconds = new Float64Array(RATE_WINDOW_SECONDS + 1).fill(-1);

  add(amount: number, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % this.counts.length;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + amount;
  }

  /** Per second over the last RATE_WINDOW_SECONDS whole seconds before `nowMs`. */
  perSecond(nowMs: number): number {
    const current = Math.floor(nowMs / 1000);
    let total = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const second = this.seconds[slot] ?? -1;
      if (second >= current - RATE_WINDOW_SECONDS && second < current) total += this.counts[slot] ?? 0;
    }
    return total / RATE_WINDOW_SECONDS;
  }
}
