/**
 * The spectrum panel's data: Welch PSD per series over the last
 * SPECTRUM_SECONDS of the display signal (what the lanes show, so a notch
 * shows in the spectrum too), and the EEG band powers, computed at most
 * every SPECTRUM_INTERVAL_MS.
 *
 * Segments of about one second (the power of two nearest the rate: 1024
 * at 1 kHz, 256 at 250 Hz) give about 1 Hz resolution, so the 1-4 Hz delta
 * band has three bins and a 10 Hz alpha peak leaks little into theta
 * (with 2 Hz bins the Hann main lobe put an eighth of a 10 Hz sine's power
 * into the 7.8 Hz theta bin); 2 s hold three of them at 50 % overlap.
 */
import type { PlotFrame } from '../../shared/plots';
import { bandPowers, EEG_BANDS } from '../signal/bandPowers';
import type { SampleRing } from '../signal/sampleRing';
import { WelchEstimator } from '../signal/welchPsd';

export const SPECTRUM_INTERVAL_MS = 250;
export const SPECTRUM_SECONDS = 2;
const MIN_SEGMENT_LENGTH = 16;
const MAX_SEGMENT_LENGTH = 4096;
const SEGMENT_OVERLAP = 0.5;

export type PlotSpectrum = NonNullable<PlotFrame['spectrum']>;

export function segmentLengthFor(rateHz: number): number {
  const exponent = Math.round(Math.log2(Math.max(1, rateHz)));
  return Math.min(MAX_SEGMENT_LENGTH, Math.max(MIN_SEGMENT_LENGTH, 2 ** exponent));
}

export class SpectrumBuilder {
  private estimator: WelchEstimator | null = null;
  private scratch = new Float64Array(0);
  private readonly bands = new Float64Array(EEG_BANDS.length);
  private lastBuiltAtMs = Number.NEGATIVE_INFINITY;

  /** True when a spectrum is due at `nowMs` (performance.now time). */
  isDue(nowMs: number): boolean {
    return nowMs - this.lastBuiltAtMs >= SPECTRUM_INTERVAL_MS;
  }

  /**
   * PSD and band powers of ring samples [start, end) of the given
   * channels, in that order. Undefined when the range is shorter than one
   * segment.
   */
  build(ring: SampleRing, start: number, end: number, channels: readonly number[], rateHz: number, nowMs: number): PlotSpectrum | undefined {
    const segmentLength = segmentLengthFor(rateHz);
    if (end - start < segmentLength) return undefined;
    let estimator = this.estimator;
    if (estimator === null || estimator.segmentLength !== segmentLength || estimator.sampleRateHz !== rateHz) {
      estimator = new WelchEstimator(segmentLength, rateHz, SEGMENT_OVERLAP);
      this.estimator = estimator;
    }
    this.lastBuiltAtMs = nowMs;
    const length = end - start;
    if (this.scratch.length < length) this.scratch = new Float64Array(length);
    const scratch = this.scratch;
    const power: Float32Array[] = [];
    const bandPowersPerSeries: Float32Array[] = [];
    let frequenciesHz: Float32Array | null = null;
    for (const channel of channels) {
      const hasValues = copyHoldingGaps(ring.channel(channel), start, end, scratch);
      const spectrum = estimator.estimate(scratch, 0, length);
      if (spectrum === undefined) return undefined;
      frequenciesHz ??= Float32Array.from(spectrum.frequenciesHz);
      if (hasValues) {
        power.push(Float32Array.from(spectrum.power));
        bandPowersPerSeries.push(Float32Array.from(bandPowers(spectrum, EEG_BANDS, this.bands)));
      } else {
        // No finite value in the window: its power is unknown, not zero.
        power.push(new Float32Array(spectrum.power.length).fill(Number.NaN));
        bandPowersPerSeries.push(new Float32Array(EEG_BANDS.length).fill(Number.NaN));
      }
    }
    return { frequenciesHz: frequenciesHz ?? new Float32Array(0), power, bandPowers: bandPowersPerSeries };
  }
}

/**
 * A missing sample repeats the one before it (or the first value), so one gap does not turn a whole spectrum into NaN.
 * False when the range holds no value at all.
 */
function copyHoldingGaps(values: Float32Array, start: number, end: number, into: Float64Array): boolean {
  let held = Number.NaN;
  for (let index = start; index < end; index++) {
    const value = values[index]!;
    if (!Number.isNaN(value)) {
      held = value;
      break;
    }
  }
  const hasValues = !Number.isNaN(held);
  if (!hasValues) held = 0;
  for (let index = start; index < end; index++) {
    const value = values[index]!;
    if (!Number.isNaN(value)) held = value;
    into[index - start] = held;
  }
  return hasValues;
}
