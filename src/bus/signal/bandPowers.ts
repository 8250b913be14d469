/** Power per frequency band, integrated from a one-sided PSD. */
import type { PowerSpectrum } from './welchPsd';

export interface FrequencyBand {
  name: string;
  /** Label for charts. */
  symbol: string;
  /** Inclusive lower edge. */
  lowHz: number;
  /** Exclusive upper edge, so a bin on a shared edge counts once (4 Hz is theta, not delta). */
  highHz: number;
}

/** The classic EEG bands, in order of frequency. */
export const EEG_BANDS: readonly FrequencyBand[] = Object.freeze([
  { name: 'delta', symbol: 'δ', lowHz: 1, highHz: 4 },
  { name: 'theta', symbol: 'θ', lowHz: 4, highHz: 8 },
  { name: 'alpha', symbol: 'α', lowHz: 8, highHz: 13 },
  { name: 'beta', symbol: 'β', lowHz: 13, highHz: 30 },
  { name: 'gamma', symbol: 'γ', lowHz: 30, highHz: 45 },
]);

/**
 * Band power (input units squared, uV^2 for uV input): the sum of
 * density x bin width over the bins whose centre lies in [lowHz, highHz).
 * Returns one value per band, in the bands' order; `out` is reused when given.
 */
export function bandPowers(
  psd: PowerSpectrum,
  bands: readonly FrequencyBand[] = EEG_BANDS,
  out: Float64Array = new Float64Array(bands.length),
): Float64Array {
  const { frequenciesHz, power, resolutionHz } = psd;
  for (let bandIndex = 0; bandIndex < bands.length; bandIndex++) {
    const band = bands[bandIndex]!;
    let sum = 0;
    for (let bin = 0; bin < frequenciesHz.length; bin++) {
      const frequency = frequenciesHz[bin]!;
      if (frequency >= band.lowHz && frequency < band.highHz) sum += power[bin]!;
    }
    out[bandIndex] = sum * resolutionHz;
  }
  return out;
}
