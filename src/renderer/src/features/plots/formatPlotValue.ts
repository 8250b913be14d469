/** Plot readouts: three significant digits, thousands grouped, no exponent for lab-sized numbers. */
export function formatPlotValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude < 0.001) return value.toExponential(1);
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Samples per second: "250 Hz", "1,000 Hz", "12.5 Hz". */
export function formatRate(rateHz: number): string {
  if (!Number.isFinite(rateHz)) return '–';
  return `${rateHz >= 100 ? Math.round(rateHz).toLocaleString('en-US') : Number(rateHz.toFixed(1)).toString()} Hz`;
}

/** A window length: "10 s", "5 min", "1 h". */
export function formatWindow(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${seconds / 60} min`;
  return `${seconds / 3600} h`;
}

/** How long ago: "just now", "12 s ago", "4 min ago", "2 h ago"; a sender's clock ahead of ours reads "just now". */
export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 1) return 'just now';
  if (seconds < 120) return `${Math.floor(seconds)} s ago`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** 0.01 .. 1,000 as written; beyond that as powers of ten (1e-4, 1e5), so no two decades read the same. */
export function formatDecade(value: number): string {
  if (!(value > 0)) return '';
  const exponent = Math.round(Math.log10(value));
  if (exponent >= -2 && exponent <= 3) return (10 ** exponent).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `1e${exponent}`;
}

/** The most decimals an axis shows: steps finer than this are not drawn as ticks. */
const MAX_TICK_DECIMALS = 6;

/**
 * A value axis's tick labels, every one with as many decimals as the step
 * between ticks needs ("59.30, 59.25, 59.20", not uPlot's "59.3, 59.25,
 * 59.2"), thousands grouped.
 */
export function formatAxisTicks(splits: readonly number[], increment: number): string[] {
  const decimals = decimalsOf(increment);
  return splits.map((split) => (Number.isFinite(split) ? split.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : ''));
}

function decimalsOf(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  for (let decimals = 0; decimals < MAX_TICK_DECIMALS; decimals++) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return decimals;
  }
  return MAX_TICK_DECIMALS;
}
