/** What the EEG status line's gap count means, in words a technician can act on. */
import { plotGapThresholdMs, type PlotStreamStats, type SampleTimeSource } from '../../../../shared/plots';
import { formatCount, formatRate } from './formatPlotValue';

export interface GapWords {
  /** The count's tooltip: what is counted as a gap on this stream. */
  title: string;
  /** Shown beside a non-zero count when the demo publishing on this server skipped samples; null otherwise. */
  demoNote: string | null;
}

/**
 * `demoSkipped` is the demo's count of messages skipped because publishing fell behind, when the demo
 * publishes this stream; null when it does not. The demo skips samples (moving its clock on) after a stall
 * of its thread, so on a loaded machine a demo stream has real gaps: samples that were never published.
 */
export function describeGaps(stats: PlotStreamStats, timeSource: SampleTimeSource, demoSkipped: number | null): GapWords {
  const clock = timeSource === 'message' ? "the samples' own timestamps" : 'their receive times';
  const threshold =
    stats.nominalRateHz === null
      ? 'more than 3 sample periods (counted once the rate is known)'
      : `more than ${formatMilliseconds(plotGapThresholdMs(stats.nominalRateHz, timeSource))} at ${formatRate(stats.nominalRateHz)}`;
  const title = `A gap is a silence of ${threshold} between two consecutive samples, by ${clock}: samples that were never published or never reached Labwire.`;
  const demoNote =
    stats.gaps > 0 && demoSkipped !== null && demoSkipped > 0
      ? `The demo publishing here skipped ${formatCount(demoSkipped)} messages when it fell behind (see Connection): those samples were never sent.`
      : null;
  return { title, demoNote };
}

function formatMilliseconds(milliseconds: number): string {
  return `${Number(milliseconds.toPrecision(3)).toLocaleString('en-US')} ms`;
}
