/**
 * A/B rounds in pairs, the median pair counting: each pair measures the
 * variant and its baseline back to back (the order alternating between
 * pairs), and the row reports the pair whose ratio is the median.
 *
 * Why not the best round of each side: on a shared 2-core machine the
 * baseline alone swung from 106k to 164k msg/s between rounds (bench/README,
 * session 8), so one lucky baseline round against the variant's ordinary
 * best put a whole run's ratio 25 % low, and one lucky variant round put it
 * high. Neighbouring rounds see the same machine; the median of their ratios
 * is moved by neither kind of outlier.
 */
export interface PairedResult {
  /** The variant's measure in the median pair. */
  value: number;
  /** The baseline's measure in the median pair. */
  baseline: number;
  /** Every pair's ratio (value / baseline), in the order measured. */
  ratios: number[];
}

/**
 * Runs `pairs` pairs of `measure(true)` (the variant) and `measure(false)`
 * (the baseline). `isHigherBetter` says which way the ratio reads: rates
 * (higher is better) give value/baseline; times give baseline/value, so both
 * read "the variant as a share of the baseline's speed".
 */
export async function pairedRounds(pairs: number, measure: (isVariant: boolean) => Promise<number>, isHigherBetter: boolean): Promise<PairedResult> {
  const measured: Array<{ value: number; baseline: number; ratio: number }> = [];
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? [true, false] : [false, true];
    let value = 0;
    let baseline = 0;
    for (const isVariant of order) {
      const measurement = await measure(isVariant);
      if (isVariant) value = measurement;
      else baseline = measurement;
    }
    const ratio = isHigherBetter ? value / baseline : baseline / value;
    measured.push({ value, baseline, ratio });
  }
  const sorted = [...measured].sort((a, b) => a.ratio - b.ratio);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { value: median.value, baseline: median.baseline, ratios: measured.map((pair) => pair.ratio) };
}

export function formatRatios(ratios: readonly number[]): string {
  return ratios.map((ratio) => ratio.toFixed(3)).join(', ');
}
