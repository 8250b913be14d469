/**
 * The EEG bands in the order of PlotFrame.spectrum.bandPowers (δ θ α β γ,
 * as src/shared/plots.ts documents it), with the edges the bus sums over.
 */
export interface DisplayBand {
  name: string;
  symbol: string;
  lowHz: number;
  highHz: number;
}

export const EEG_BANDS_FOR_DISPLAY: readonly DisplayBand[] = [
  { name: 'Delta', symbol: 'δ', lowHz: 1, highHz: 4 },
  { name: 'Theta', symbol: 'θ', lowHz: 4, highHz: 8 },
  { name: 'Alpha', symbol: 'α', lowHz: 8, highHz: 13 },
  { name: 'Beta', symbol: 'β', lowHz: 13, highHz: 30 },
  { name: 'Gamma', symbol: 'γ', lowHz: 30, highHz: 45 },
];

/**
 * The mean band powers (µV²) over the series that have them. A series with
 * no finite values has NaN powers (unknown, not zero) and is left out; NaN
 * for every band when no series has powers.
 */
export function meanBandPowers(bandPowers: readonly Float32Array[]): number[] {
  const bandCount = EEG_BANDS_FOR_DISPLAY.length;
  const sums = new Array<number>(bandCount).fill(0);
  let counted = 0;
  for (const series of bandPowers) {
    if (series.length < bandCount || series.some((power) => !Number.isFinite(power))) continue;
    counted++;
    for (let band = 0; band < bandCount; band++) sums[band] = sums[band]! + series[band]!;
  }
  return sums.map((sum) => (counted > 0 ? sum / counted : Number.NaN));
}
