/**
 * What the EEG view says around its montage (placeholder, decimated badge,
 * auto scale, "no finite values" warning, lane list, status line), derived
 * from the picture the chart drew and published as drawnSummary.ts says: at
 * once when a draw changes the words (the first traces, the lanes, a lane
 * losing or getting finite values, the badge, the auto scale), otherwise
 * every EEG_SUMMARY_INTERVAL_MS. (It was published only on that clock, with
 * the stats and lane names of the newest frame received: the first traces
 * of a visit stood beside "Waiting for samples on …" until the next tick.)
 */
import type { PlotFrame, PlotStreamStats } from '../../../../shared/plots';
import type { DrawnSummary } from './drawnSummary';
import type { LaneStatistics } from './laneStatistics';

export const EEG_SUMMARY_INTERVAL_MS = 250;

export interface EegSummary extends DrawnSummary {
  /** The lanes of the picture on screen, in stream order; empty while nothing is drawn. */
  seriesNames: string[];
  isDecimated: boolean;
  /** The µV/div the picture was drawn with when the scale is auto, null before one was. */
  autoScale: number | null;
  /** RMS over the drawn window per lane, µV. */
  rmsByName: ReadonlyMap<string, number>;
  /** Lanes whose drawn window holds samples but no finite value (only NaN or ±Infinity), hidden lanes too. */
  emptyLaneNames: readonly string[];
  /** Canvas updates per second over the last summary interval, null until one was measured. */
  drawnPerSecond: number | null;
}

/** The chart's side of a drawn picture. */
export interface DrawnEegPicture {
  /** The frame on screen, null while nothing was drawn. */
  frame: PlotFrame | null;
  /** Measured on `frame` when it was drawn. */
  statistics: Pick<LaneStatistics, 'rms' | 'count' | 'seriesCount'>;
  autoScale: number | null;
}

/** The summary of the picture on screen; `stats` are the drawn frame's own while live, the newest received while frozen. */
export function summarizeEegPicture(drawn: DrawnEegPicture, stats: PlotStreamStats, drawnPerSecond: number | null): EegSummary {
  const { frame, statistics } = drawn;
  const seriesNames = frame?.seriesNames ?? [];
  const hasSamplesOnScreen = frame !== null && frame.x.length > 0;
  const rmsByName = new Map<string, number>();
  const emptyLaneNames: string[] = [];
  seriesNames.forEach((name, index) => {
    if (index >= statistics.seriesCount) return;
    if (statistics.count[index]! > 0) rmsByName.set(name, statistics.rms[index]!);
    else if (hasSamplesOnScreen) emptyLaneNames.push(name);
  });
  return { stats, hasSamplesOnScreen, seriesNames, isDecimated: frame?.isDecimated ?? false, autoScale: drawn.autoScale, rmsByName, emptyLaneNames, drawnPerSecond };
}

/** What the words around the montage say besides the numbers: the lanes, which have finite values, the badge, the auto scale. */
export function eegSayingOf(summary: EegSummary): string {
  const finite = summary.seriesNames.map((name) => (summary.rmsByName.has(name) ? '#' : summary.emptyLaneNames.includes(name) ? '!' : '–')).join('');
  return `${summary.seriesNames.join('\u0001')}\u0000${finite}\u0000${summary.isDecimated}\u0000${summary.autoScale}\u0000${summary.drawnPerSecond === null}`;
}

/** Canvas updates per second, measured from a running count of draws each time the clock asks. */
export class DrawRateMeter {
  /** The last measurement, null before the first. */
  perSecond: number | null = null;
  private lastCount: number;

  constructor(
    private readonly drawnCount: () => number,
    private lastAtMs: number,
  ) {
    this.lastCount = drawnCount();
  }

  /** Measures over the time since the previous call (or since the meter was made); returns the rate. */
  measure(nowMs: number): number {
    const count = this.drawnCount();
    this.perSecond = ((count - this.lastCount) * 1000) / Math.max(1, nowMs - this.lastAtMs);
    this.lastCount = count;
    this.lastAtMs = nowMs;
    return this.perSecond;
  }
}
