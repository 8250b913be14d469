/** What the EEG status line's gap count means, in words a technician can act on. */
import { plotGapThresholdMs, type PlotStreamStats, type SampleTimeSource } from '../../../../shared/plots';
import { formatRate } from './formatPlotValue';
import { formatCount } from '../../../../shared/countWords';

export interface GapWords {
  /** The count's tooltip: what is counted as a gap on this stream. */
  title: string;
  /** Shown beside a non-zero count when the demo publishing on this server skipped samples; null otherwise. */
  demoNote: string | null;
}

/** What the demo publishing this stream skipped: two counts of two things, each said as what it is. */
export interface DemoSkips {
  /** Samples of this stream the demo never made after it was held up (it catches up at most 100 ms). */
  samplesOfThisStream: number;
  /** Messages on any of the demo's channels not sent because too many publishes were waiting for the server. */
  messagesOfAnyChannel: number;
}

/**
 * `demoSkipped`: what the demo skipped, when the demo publishes this stream; null when it does not. On a
 * loaded machine a demo stream has real gaps: samples that were never made, or made and never sent.
 */
export function describeGaps(stats: PlotStreamStats, timeSource: SampleTimeSource, demoSkipped: DemoSkips | null): GapWords {
  const clock = timeSource === 'message' ? "the samples' own timestamps" : 'their receive times';
  const threshold =
    stats.nominalRateHz === null
      ? 'more than 3 sample periods (counted once the rate is known)'
      : `more than ${formatMilliseconds(plotGapThresholdMs(stats.nominalRateHz, timeSource))} at ${formatRate(stats.nominalRateHz)}`;
  const title = `A gap is a silence of ${threshold} between two consecutive samples, by ${clock}: samples that were never published or never reached Labwire.`;
  const skips: string[] = [];
  if (demoSkipped !== null && demoSkipped.samplesOfThisStream > 0)
    skips.push(`never made ${formatCount(demoSkipped.samplesOfThisStream)} samples of this stream after it was held up`);
  if (demoSkipped !== null && demoSkipped.messagesOfAnyChannel > 0)
    skips.push(`did not send ${formatCount(demoSkipped.messagesOfAnyChannel)} messages (of all its channels) while the server was slow to answer`);
  const demoNote = stats.gaps > 0 && skips.length > 0 ? `The demo publishing here ${skips.join(', and ')} (see Connection).` : null;
  return { title, demoNote };
}

function formatMilliseconds(milliseconds: number): string {
  return `${Number(milliseconds.toPrecision(3)).toLocaleString('en-US')} ms`;
}
