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

/** The mean band powers (µV²) over the given series; zeros when there are none. */
export function meanBandPowers(bandPowers: readonly Float32Array[]): number[] {
  const bandCount = EEG_BANDS_FOR_DISPLAY.length;
  const sums = new Array<number>(bandCount).fill(0);
  for (const series of bandPowers) {
    for (let band = 0; band < bandCount; band++) sums[band] = sums[band]! + (series[band] ?? 0);
  }
  return sums.map((sum) => (bandPowers.length > 0 ? sum / bandPowers.length : 0));
}
