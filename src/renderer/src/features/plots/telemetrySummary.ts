/**
 * What a telemetry chart's legend, placeholder and status line say, derived
 * from the picture the chart drew. The summary reaches React at once when
 * a draw changes what there is to say (the first points, a series getting
 * its first value, the picture emptied), and otherwise at most every
 * SUMMARY_INTERVAL_MS, so numbers refresh twice a second while "Waiting for
 * messages…" or a "–" never sits beside drawn points. (It was published
 * only on the clock, from the newest frame received and the last one
 * drawn: the first points of a visit, or after a rebuild, stood beside
 * "Waiting for messages…" until the next tick.)
 */
import type { PlotFrame, PlotStreamStats } from '../../../../shared/plots';
import { lastValues } from './telemetrySeries';

export const SUMMARY_INTERVAL_MS = 500;

export interface TelemetrySummary {
  stats: PlotStreamStats;
  seriesNames: string[];
  /** Newest value per series on screen, null where none. */
  lastValues: (number | null)[];
  /** Seconds since the newest sample on screen with a value (as of this summary), null when none. */
  lastSampleAgeSeconds: number | null;
  /** Oldest and newest sample times on screen with a value (epoch seconds), null when none. */
  oldestSampleSeconds: number | null;
  newestSampleSeconds: number | null;
  isDecimated: boolean;
}

/** The summary of a drawn picture; `stats` are the picture's own while live, the newest received while paused or showing a range. */
export function summarizePicture(drawn: PlotFrame, stats: PlotStreamStats, clearedAtSeconds: number | null, nowSeconds: number): TelemetrySummary {
  const columns = visibleColumns(drawn, clearedAtSeconds);
  const newestSeconds = newestSampleTime(drawn.x, columns);
  return {
    stats,
    seriesNames: drawn.seriesNames,
    lastValues: lastValues(columns),
    lastSampleAgeSeconds: newestSeconds === null ? null : nowSeconds - newestSeconds,
    oldestSampleSeconds: oldestSampleTime(drawn.x, columns),
    newestSampleSeconds: newestSeconds,
    isDecimated: drawn.isDecimated,
  };
}

/** True while the chart has nothing to show: no summary yet, or no sample received and none on screen. */
export function isWaitingForSamples(summary: TelemetrySummary | null): boolean {
  return summary === null || (summary.stats.samples === 0 && summary.newestSampleSeconds === null);
}

/** What the words beside the chart depend on besides the numbers: waiting or not, the series, which of them have a value. */
function sayingOf(summary: TelemetrySummary | null): string {
  if (summary === null) return '';
  return `${isWaitingForSamples(summary)}\u0000${summary.seriesNames.join('\u0001')}\u0000${summary.lastValues.map((value) => (value === null ? '–' : '#')).join('')}`;
}

/** Hands summaries of drawn pictures to `publish`: at once when what they say changes, else on `tick` (every SUMMARY_INTERVAL_MS). */
export class TelemetrySummaryPublisher {
  private published: TelemetrySummary | null = null;

  constructor(private readonly publish: (summary: TelemetrySummary) => void) {}

  /** A picture was drawn; this is its summary. */
  didDraw(summary: TelemetrySummary): void {
    if (sayingOf(summary) !== sayingOf(this.published)) this.send(summary);
  }

  /** The clock: the summary of the picture on screen now (ages move while nothing is drawn), null while nothing is. */
  tick(summary: TelemetrySummary | null): void {
    if (summary !== null) this.send(summary);
  }

  private send(summary: TelemetrySummary): void {
    this.published = summary;
    this.publish(summary);
  }
}

/** The columns from the clear time on (a cleared chart's legend shows no older values). */
function visibleColumns(frame: PlotFrame, clearedAtSeconds: number | null): Float32Array[] {
  if (clearedAtSeconds === null) return frame.ys;
  let start = 0;
  while (start < frame.x.length && frame.x[start]! < clearedAtSeconds) start++;
  return frame.ys.map((column) => column.subarray(start));
}

/** The time of the newest step where some series has a value (columns are the tail of x, after a clear). */
function newestSampleTime(x: Float64Array, columns: readonly Float32Array[]): number | null {
  const length = columns[0]?.length ?? 0;
  const offset = x.length - length;
  for (let index = length - 1; index >= 0; index--) {
    if (columns.some((column) => !Number.isNaN(column[index]!))) return x[offset + index]!;
  }
  return null;
}

/** The time of the oldest step where some series has a value (columns are the tail of x, after a clear). */
function oldestSampleTime(x: Float64Array, columns: readonly Float32Array[]): number | null {
  const length = columns[0]?.length ?? 0;
  const offset = x.length - length;
  for (let index = 0; index < length; index++) {
    if (columns.some((column) => !Number.isNaN(column[index]!))) return x[offset + index]!;
  }
  return null;
}
