/** A plot frame as a chart draws it, for the drawn-summary tests: its series, times, columns and sample count. */
import type { PlotFrame, PlotStreamStats } from '../../../../src/shared/plots';

export const NO_STATS: PlotStreamStats = { nominalRateHz: null, actualRateHz: null, samples: 0, gaps: 0, late: 0, overwritten: 0 };

export function drawnPlotFrame(seriesNames: string[], x: number[], ys: number[][], samples: number, isDecimated = false): PlotFrame {
  return {
    kind: 'plot',
    plotId: 'plot-1',
    profileId: 'lab',
    seq: 1,
    at: 0,
    replaceFrom: null,
    keepFrom: 0,
    seriesNames,
    x: Float64Array.from(x),
    ys: ys.map((column) => Float32Array.from(column)),
    isDecimated,
    stats: { ...NO_STATS, samples },
    newestPublishedAt: null,
    buildMs: 0,
  };
}
