/**
 * Sample rates of a plot stream: the nominal rate, told by the spacing of
 * sample times, and the actual rate, counted by receive time over the last
 * second (over the last ten for a slow stream).
 */

/** Intervals the nominal rate is the median of. */
const INTERVALS_KEPT = 256;
/** Intervals needed before a first estimate. */
const MIN_INTERVALS = 32;
/** New intervals between two estimates: sorting 256 numbers every 64 samples costs nothing measurable. */
const INTERVALS_PER_ESTIMATE = 64;
/** A pause longer than this is a gap, not a sample period. */
const MAX_PERIOD_MS = 60_000;
/** Every this many intervals a checkpoint (time, count) is kept for the long-span rate. */
const INTERVALS_PER_CHECKPOINT = 64;
/** Checkpoints kept: 64 x 64 intervals, about 4 s at 1 kHz or 16 s at 250 Hz. */
const CHECKPOINTS_KEPT = 64;
/** Rates amplifiers and relays actually use; an estimate this close to one is taken as it. */
const STANDARD_RATES_HZ = [100, 125, 128, 200, 250, 256, 500, 512, 1000, 1024, 2000, 2048, 4096] as const;
const STANDARD_RATE_FRACTION = 0.015;
/** A rate within this fraction of a whole number of hertz is that number (timestamps in float seconds wobble). */
const WHOLE_HERTZ_FRACTION = 0.001;

export class NominalRateEstimator {
  private readonly intervals = new Float64Array(INTERVALS_KEPT);
  private readonly sorted = new Float64Array(INTERVALS_KEPT);
  private readonly checkpointTimes = new Float64Array(CHECKPOINTS_KEPT);
  private readonly checkpointCounts = new Float64Array(CHECKPOINTS_KEPT);
  private checkpointCount = 0;
  private newestCheckpoint = 0;
  private count = 0;
  private next = 0;
  private intervalTotal = 0;
  private sinceEstimate = 0;
  private estimate: number | null = null;

  /** One interval between consecutive sample times, ending at `timeMs`. */
  addInterval(intervalMs: number, timeMs: number): void {
    if (!(intervalMs >= 0 && intervalMs <= MAX_PERIOD_MS)) return;
    this.intervals[this.next] = intervalMs;
    this.next = (this.next + 1) % INTERVALS_KEPT;
    if (this.count < INTERVALS_KEPT) this.count++;
    this.intervalTotal++;
    if (this.intervalTotal % INTERVALS_PER_CHECKPOINT === 0) {
      const slot = (this.newestCheckpoint + 1) % CHECKPOINTS_KEPT;
      this.newestCheckpoint = slot;
      this.checkpointTimes[slot] = timeMs;
      this.checkpointCounts[slot] = this.intervalTotal;
      this.checkpointCount = Math.min(CHECKPOINTS_KEPT, this.checkpointCount + 1);
    }
    this.sinceEstimate++;
    if (this.count >= MIN_INTERVALS && (this.estimate === null || this.sinceEstimate >= INTERVALS_PER_ESTIMATE)) {
      this.reestimate(timeMs);
    }
  }

  /** Hz, or null until enough samples arrived. */
  get rateHz(): number | null {
    return this.estimate;
  }

  /**
   * The median interval ignores gaps and bursts, and is exact for publish
   * timestamps. Receive times of a fast stream arrive in bursts (a socket
   * read delivers dozens of messages in the same millisecond), so their
   * median is 0; then the rate is counted over the last few seconds, where
   * tens of milliseconds of jitter are below one percent.
   */
  private reestimate(nowMs: number): void {
    this.sinceEstimate = 0;
    const held = this.sorted.subarray(0, this.count);
    held.set(this.intervals.subarray(0, this.count));
    held.sort();
    const median = held[this.count >> 1]!;
    const isCounted = !(median > 0);
    let rate = isCounted ? this.longSpanRate(nowMs) : 1000 / median;
    if (!(rate > 0 && Number.isFinite(rate))) return;
    // Publish timestamps measure the rate exactly; only a counted rate is taken as the standard rate it is near.
    const standard = isCounted ? STANDARD_RATES_HZ.find((candidate) => Math.abs(rate - candidate) <= candidate * STANDARD_RATE_FRACTION) : undefined;
    const whole = Math.round(rate);
    if (standard !== undefined) rate = standard;
    else if (Math.abs(rate - whole) <= rate * WHOLE_HERTZ_FRACTION) rate = whole;
    else rate = Math.round(rate * 100) / 100;
    this.estimate = rate;
  }

  private longSpanRate(nowMs: number): number {
    if (this.checkpointCount === 0) {
      let sum = 0;
      for (let index = 0; index < this.count; index++) sum += this.sorted[index]!;
      return sum > 0 ? (1000 * this.count) / sum : Number.NaN;
    }
    const oldestSlot = this.checkpointCount < CHECKPOINTS_KEPT ? 1 : (this.newestCheckpoint + 1) % CHECKPOINTS_KEPT;
    const spanMs = nowMs - this.checkpointTimes[oldestSlot]!;
    const intervals = this.intervalTotal - this.checkpointCounts[oldestSlot]!;
    return spanMs > 0 && intervals > 0 ? (1000 * intervals) / spanMs : Number.NaN;
  }
}

const BUCKET_MS = 100;
const BUCKETS_PER_SECOND = 1000 / BUCKET_MS;
/** The long window, for streams too slow to count in one second. */
const LONG_WINDOW_SECONDS = 10;
/** Fewer samples than this in the long window make a stream slow: its rate is counted over the long window. */
const SLOW_STREAM_SAMPLES = 10 * LONG_WINDOW_SECONDS;

/**
 * Counts samples in 100 ms buckets. The rate is the count of the last
 * second of complete buckets; a stream under 10 Hz (a device sending every
 * second or two) is counted over the last ten seconds instead, so its rate
 * reads "0.5 Hz" rather than jumping between 0 and 1 Hz. Until the meter
 * has listened for the whole window it would count over (from the end of
 * the bucket of the first sample), the rate is not known: a count over
 * part of a window divided by all of it read "0.5 Hz" for a 1 Hz device
 * five seconds after its chart opened.
 */
export class ActualRateMeter {
  private readonly bucketIds = new Float64Array(LONG_WINDOW_SECONDS * BUCKETS_PER_SECOND + 1).fill(-1);
  private readonly counts = new Float64Array(LONG_WINDOW_SECONDS * BUCKETS_PER_SECOND + 1);
  /** The bucket of the first sample (partly listened to), or -1 before it. */
  private firstBucketId = -1;

  add(atMs: number): void {
    const bucketId = Math.floor(atMs / BUCKET_MS);
    if (this.firstBucketId < 0) this.firstBucketId = bucketId;
    const slot = bucketId % this.counts.length;
    if (this.bucketIds[slot] !== bucketId) {
      this.bucketIds[slot] = bucketId;
      this.counts[slot] = 0;
    }
    this.counts[slot] = this.counts[slot]! + 1;
  }

  /**
   * Samples per second up to the start of the current 100 ms bucket: over
   * one second, or ten for a slow stream; null until the meter has listened
   * for all of that window.
   */
  rateHz(nowMs: number): number | null {
    const current = Math.floor(nowMs / BUCKET_MS);
    let lastSecond = 0;
    let lastTenSeconds = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const bucketId = this.bucketIds[slot]!;
      if (bucketId >= current || bucketId < current - LONG_WINDOW_SECONDS * BUCKETS_PER_SECOND) continue;
      lastTenSeconds += this.counts[slot]!;
      if (bucketId >= current - BUCKETS_PER_SECOND) lastSecond += this.counts[slot]!;
    }
    const isSlow = lastTenSeconds < SLOW_STREAM_SAMPLES;
    const windowBuckets = isSlow ? LONG_WINDOW_SECONDS * BUCKETS_PER_SECOND : BUCKETS_PER_SECOND;
    // The window's oldest bucket must come after the first sample's bucket, which was only partly listened to.
    if (this.firstBucketId < 0 || current - windowBuckets <= this.firstBucketId) return null;
    return isSlow ? lastTenSeconds / LONG_WINDOW_SECONDS : lastSecond;
  }
}
