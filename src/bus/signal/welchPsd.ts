/**
 * Power spectral density by Welch's method: Hann-windowed segments, each
 * with its mean removed, averaged periodograms. One-sided and scaled to
 * units^2 / Hz (uV^2/Hz for uV input), so that summing power x resolutionHz
 * over a sine's peak bins gives its mean power A^2 / 2.
 */
import { fail, ok, type Result } from '../../shared/result';
import { isPowerOfTwo, RealFft } from './realFft';

export interface PowerSpectrum {
  /** Bin centres from 0 Hz to Nyquist, segmentLength / 2 + 1 of them. */
  frequenciesHz: Float64Array;
  /** One-sided density per bin, input units squared per hertz. */
  power: Float64Array;
  /** Bin width: sampleRateHz / segmentLength. */
  resolutionHz: number;
  /** How many segments were averaged. */
  segmentCount: number;
}

/** Periodic Hann window (the spectral-analysis form: its N-point DFT has exactly three non-zero bins). */
export function hannWindow(length: number): Float64Array {
  const window = new Float64Array(length);
  for (let index = 0; index < length; index++) window[index] = 0.5 - 0.5 * Math.cos((2 * Math.PI * index) / length);
  return window;
}

export const MIN_SEGMENT_LENGTH = 8;
export const MAX_SEGMENT_LENGTH = 65_536;

/**
 * Reusable estimator for one segment length and sample rate: the window,
 * FFT tables and buffers are allocated once; estimate() overwrites the same
 * spectrum arrays on every call.
 */
export class WelchEstimator {
  readonly spectrum: PowerSpectrum;
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly segment: Float64Array;
  private readonly binRe: Float64Array;
  private readonly binIm: Float64Array;
  private readonly stepSamples: number;
  /** 1 / (fs * sum w^2): turns |X|^2 into density. */
  private readonly densityScale: number;

  /** Parameters must be valid (see welchPsd, which checks them). */
  constructor(
    readonly segmentLength: number,
    readonly sampleRateHz: number,
    overlapFraction: number,
  ) {
    this.fft = new RealFft(segmentLength);
    this.window = hannWindow(segmentLength);
    this.segment = new Float64Array(segmentLength);
    const binCount = segmentLength / 2 + 1;
    this.binRe = new Float64Array(binCount);
    this.binIm = new Float64Array(binCount);
    this.stepSamples = Math.max(1, segmentLength - Math.round(overlapFraction * segmentLength));
    let windowEnergy = 0;
    for (let index = 0; index < segmentLength; index++) windowEnergy += this.window[index]! ** 2;
    this.densityScale = 1 / (sampleRateHz * windowEnergy);
    const resolutionHz = sampleRateHz / segmentLength;
    const frequenciesHz = new Float64Array(binCount);
    for (let bin = 0; bin < binCount; bin++) frequenciesHz[bin] = bin * resolutionHz;
    this.spectrum = { frequenciesHz, power: new Float64Array(binCount), resolutionHz, segmentCount: 0 };
  }

  /**
   * Estimates the PSD of samples[start, end). Returns the estimator's own
   * spectrum (valid until the next call), or undefined when the range is
   * shorter than one segment. Samples beyond the last whole segment are
   * not used.
   */
  estimate(samples: ArrayLike<number>, start: number = 0, end: number = samples.length): PowerSpectrum | undefined {
    const length = this.segmentLength;
    if (end - start < length) return undefined;
    const power = this.spectrum.power;
    power.fill(0);
    const lastBin = length / 2;
    let segmentCount = 0;
    for (let segmentStart = start; segmentStart + length <= end; segmentStart += this.stepSamples) {
      let mean = 0;
      for (let index = 0; index < length; index++) mean += samples[segmentStart + index]!;
      mean /= length;
      for (let index = 0; index < length; index++) {
        this.segment[index] = (samples[segmentStart + index]! - mean) * this.window[index]!;
      }
      this.fft.forward(this.segment, this.binRe, this.binIm);
      for (let bin = 0; bin <= lastBin; bin++) {
        // Positive and negative frequencies fold onto one side, except DC and Nyquist, which have no twin.
        const sides = bin === 0 || bin === lastBin ? 1 : 2;
        power[bin] = power[bin]! + sides * (this.binRe[bin]! ** 2 + this.binIm[bin]! ** 2);
      }
      segmentCount++;
    }
    const scale = this.densityScale / segmentCount;
    for (let bin = 0; bin <= lastBin; bin++) power[bin] = power[bin]! * scale;
    this.spectrum.segmentCount = segmentCount;
    return this.spectrum;
  }
}

/**
 * Welch PSD of a whole signal. segmentLength is a power of two; overlap is
 * the fraction of a segment shared with the next (0 <= overlap < 1; 0.5 is
 * the usual choice with a Hann window).
 */
export function welchPsd(
  samples: ArrayLike<number>,
  sampleRateHz: number,
  segmentLength: number,
  overlap: number,
): Result<PowerSpectrum> {
  if (!(Number.isFinite(sampleRateHz) && sampleRateHz > 0)) {
    return fail('INVALID', `The sample rate must be a positive number of hertz; got ${sampleRateHz}.`, { field: 'sampleRateHz' });
  }
  if (!isPowerOfTwo(segmentLength) || segmentLength < MIN_SEGMENT_LENGTH || segmentLength > MAX_SEGMENT_LENGTH) {
    return fail(
      'INVALID',
      `The spectrum segment length must be a power of two from ${MIN_SEGMENT_LENGTH} to ${MAX_SEGMENT_LENGTH} samples; got ${segmentLength}.`,
      { field: 'segmentLength' },
    );
  }
  if (!(overlap >= 0 && overlap < 1)) {
    return fail('INVALID', `The segment overlap must be at least 0 and below 1; got ${overlap}.`, { field: 'overlap' });
  }
  const spectrum = new WelchEstimator(segmentLength, sampleRateHz, overlap).estimate(samples);
  if (spectrum === undefined) {
    return fail(
      'INVALID',
      `A spectrum with ${segmentLength}-sample segments needs at least ${segmentLength} samples; only ${samples.length} were given.`,
      { field: 'samples' },
    );
  }
  return ok(spectrum);
}
