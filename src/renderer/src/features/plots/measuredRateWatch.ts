/**
 * Whether a plot's actual rate (`PlotStreamStats.actualRateHz`) is true yet. The bus counts
 * receive times in 100 ms buckets over the last second, or over the last ten for a stream under
 * 10 Hz (ActualRateMeter in src/bus/plots/sampleRate.ts; these numbers follow it), dividing by
 * the whole window from the first sample on: a 1 Hz device read "0.5 Hz now" five seconds after
 * its chart was added. The count is true once the stream has been listened to for the whole
 * window and the bucket it began in; until then the chart says it is measuring.
 */
import type { PlotStreamStats } from '../../../../shared/plots';

const BUCKET_MS = 100;
/** A rate under this was counted over the long window (or, from a faster stream, the long window is longer than needed). */
const SLOW_STREAM_HZ = 10;
const LONG_WINDOW_MS = 10_000;
const SHORT_WINDOW_MS = 1_000;

/** How long a stream must have been listened to before a count of `rateHz` covers a whole window. */
export function rateWindowMs(rateHz: number): number {
  return (rateHz < SLOW_STREAM_HZ ? LONG_WINDOW_MS : SHORT_WINDOW_MS) + BUCKET_MS;
}

/**
 * One chart's watch over its stream: the first frame seen of a stream (by the bus's clock, `PlotFrame.at`)
 * starts it; another stream (the key changed, or the sample count fell: the bus made a new stream) starts it
 * again. The first frame comes after the stream began, so the watch never thinks a stream older than it is.
 */
export class MeasuredRateWatch {
  private streamKey: string | null = null;
  private firstFrameAtMs = 0;
  private samples = 0;

  /** The rate to show, or null while the bus has not yet counted over a whole window. */
  shownRateHz(streamKey: string, stats: PlotStreamStats, frameAtMs: number): number | null {
    if (streamKey !== this.streamKey || stats.samples < this.samples || frameAtMs < this.firstFrameAtMs) {
      this.streamKey = streamKey;
      this.firstFrameAtMs = frameAtMs;
    }
    this.samples = stats.samples;
    return frameAtMs - this.firstFrameAtMs >= rateWindowMs(stats.actualRateHz) ? stats.actualRateHz : null;
  }
}
