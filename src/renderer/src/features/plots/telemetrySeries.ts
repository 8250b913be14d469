/**
 * Telemetry series as people read them: the unit where the lab's fields
 * are known, a colour, and columns for uPlot, where a NaN (a line break,
 * or a field missing from a message) becomes null.
 */
import { seriesLabel } from './seriesLabel';

/** Units of the LAB_TRAFFIC fields, by the last key of the path. */
const KNOWN_UNITS: Readonly<Record<string, string>> = {
  temperature: '°C',
  temp: '°C',
  humidity: '% RH',
  co2: 'ppm',
  tvoc: 'ppb',
  ph: 'pH',
  pressure: 'hPa',
};

/** Colour-blind-safe (Okabe–Ito), dark enough on white. */
export const SERIES_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#3b3b3b'] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}

/** The unit of a known field, or '' when unknown. */
export function seriesUnit(path: string): string {
  return KNOWN_UNITS[seriesLabel(path).toLowerCase()] ?? '';
}

export interface TelemetryColumns {
  x: Float64Array;
  ys: (number | null)[][];
}

/** The frame's columns from the first sample at or after `fromSeconds` (a cleared chart), NaN as null. */
export function telemetryColumns(x: Float64Array, ys: readonly Float32Array[], fromSeconds: number | null): TelemetryColumns {
  let start = 0;
  if (fromSeconds !== null) while (start < x.length && x[start]! < fromSeconds) start++;
  const length = x.length - start;
  return {
    x: x.subarray(start),
    ys: ys.map((column) => {
      const out = new Array<number | null>(length);
      for (let index = 0; index < length; index++) {
        const value = column[start + index]!;
        out[index] = Number.isNaN(value) ? null : value;
      }
      return out;
    }),
  };
}

/** The newest value of each series that is a number, or null. */
export function lastValues(ys: readonly (ArrayLike<number | null>)[]): (number | null)[] {
  return ys.map((column) => {
    for (let index = column.length - 1; index >= 0; index--) {
      const value = column[index];
      if (value !== null && value !== undefined && !Number.isNaN(value)) return value;
    }
    return null;
  });
}
