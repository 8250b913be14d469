/** Time axis labels in the lab's local wall-clock time, as precise as the tick spacing needs. */
import type uPlot from 'uplot';
import { formatClockMinutes, formatClockTime } from '../../format/formatClockTime';

/** Epoch-second ticks `incrementSeconds` apart → "10:41", "10:41:02" or "10:41:02.5". */
export function formatTimeTicks(splits: readonly number[], incrementSeconds: number): string[] {
  return splits.map((seconds) => {
    const epochMs = seconds * 1000;
    if (incrementSeconds >= 60) return formatClockMinutes(epochMs);
    const whole = formatClockTime(epochMs);
    if (incrementSeconds >= 1) return whole;
    const digits = incrementSeconds >= 0.1 ? 1 : 2;
    const fraction = (new Date(epochMs).getMilliseconds() / 1000).toFixed(digits).slice(1);
    return `${whole}${fraction}`;
  });
}

/** Half the width of the longest time label ("10:41:02.50" at 11 px), CSS pixels. */
const HALF_TIME_LABEL_PX = 36;

/**
 * The labels with those too near the plot's right end left out: a label is
 * centred on its tick, and past the end there are only `rightRoomPx` pixels,
 * so the last one would be cut in half.
 */
export function withoutCutLabels(labels: string[], tickPositionsPx: readonly number[], plotWidthPx: number, rightRoomPx: number): string[] {
  return labels.map((label, index) => (tickPositionsPx[index]! + HALF_TIME_LABEL_PX > plotWidthPx + rightRoomPx ? '' : label));
}

/** uPlot's `values` for a time axis: clock labels at its step, leaving out one the right edge would cut. */
export function timeAxisValues(rightRoomPx: number) {
  return (plot: uPlot, splits: number[], _axis: number, _space: number, incrementSeconds: number): string[] =>
    withoutCutLabels(
      formatTimeTicks(splits, incrementSeconds),
      splits.map((split) => plot.valToPos(split, 'x')),
      plot.bbox.width / devicePixelRatio,
      rightRoomPx,
    );
}
