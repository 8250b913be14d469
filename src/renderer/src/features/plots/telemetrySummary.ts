/**
 * What a telemetry chart's legend, placeholder and status line say, derived
 * from the picture the chart drew, published as drawnSummary.ts says: at
 * once when a draw changes what there is to say (the first points, a
 * series getting its first value, the picture emptied), and otherwise at
 * most every SUMMARY_INTERVAL_MS, so numbers refresh twice a second while
 * "Waiting for messages…" or a "–" never sits beside drawn points.
 */
import type { PlotFrame, PlotStreamStats } from '../../../../shared/plots';
import type { DrawnSummary } from './drawnSummary';
import { lastValues } from './telemetrySeries';

export const SUMMARY_INTERVAL_MS = 500;

export interface TelemetrySummary extends DrawnSummary {
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
    hasSamplesOnScreen: newestSeconds !== null,
    seriesNames: drawn.seriesNames,
    lastValues: lastValues(columns),
    lastSampleAgeSeconds: newestSeconds === null ? null : nowSeconds - newestSeconds,
    oldestSampleSeconds: oldestSampleTime(drawn.x, columns),
    newestSampleSeconds: newestSeconds,
    isDecimated: drawn.isDecimated,
  };
}

/** What the legend says besides the numbers: the series, and which of them have a value. */
export function telemetrySayingOf(summary: TelemetrySummary): string {
  return `${summary.seriesNames.join('\u0001')}\u0000${summary.lastValues.map((value) => (value === null ? '–' : '#')).join('')}`;
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
