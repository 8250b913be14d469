/**
 * The display filter of one signal: high-pass, mains notch and band-pass,
 * chosen by a plain settings object and run as one cascade of biquads.
 */
import { fail, ok, type Result } from '../../shared/result';
import {
  butterworthHighPassSections,
  butterworthLowPassSections,
  notchSection,
  packSections,
  type Section,
} from './biquadDesign';
import { filterSample, primeState, STATE_VALUES_PER_SECTION } from './biquadKernel';

export interface FilterSpec {
  /** Removes DC and drift below this frequency (second-order Butterworth). */
  highPassHz?: number;
  /** Mains frequency to notch out. */
  notchHz?: 50 | 60;
  /** Also notch 2x to NOTCH_HARMONIC_MAX x the mains frequency, where below Nyquist. */
  notchHarmonics?: boolean;
  /** Butterworth high-pass at lowHz then low-pass at highHz, each of `order`. */
  bandPass?: { lowHz: number; highHz: number; order: number };
}

/** The -3 dB width of each notch is f0 / Q: about 1.7 Hz at 50 Hz, so 10 Hz alpha is untouched. */
export const NOTCH_QUALITY_FACTOR = 30;
/** Highest harmonic notched with `notchHarmonics`: 250 Hz for 50 Hz mains. */
export const NOTCH_HARMONIC_MAX = 5;
export const MAX_BUTTERWORTH_ORDER = 8;
/** `highPassHz` is a Butterworth pair: maximally flat above the cutoff, 40 dB per decade below. */
const HIGH_PASS_ORDER = 2;

export interface FilterDesign {
  /** Five coefficients per section, in cascade order (see biquadDesign.ts). */
  coefficients: Float64Array;
  sectionCount: number;
}

function isPositiveFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function formatHz(value: unknown): string {
  return typeof value === 'number' ? `${value} Hz` : String(value);
}

/** Checks the settings against the sample rate and computes the coefficients. */
export function designFilterChain(spec: FilterSpec, sampleRateHz: number): Result<FilterDesign> {
  if (!isPositiveFinite(sampleRateHz)) {
    return fail('INVALID', `The sample rate must be a positive number of hertz; got ${formatHz(sampleRateHz)}.`, {
      field: 'sampleRateHz',
    });
  }
  const nyquistHz = sampleRateHz / 2;
  const sections: Section[] = [];

  if (spec.highPassHz !== undefined) {
    if (!isPositiveFinite(spec.highPassHz) || spec.highPassHz >= nyquistHz) {
      return fail(
        'INVALID',
        `The high-pass cutoff must be above 0 Hz and below ${nyquistHz} Hz (half the sample rate); got ${formatHz(spec.highPassHz)}.`,
        { field: 'highPassHz' },
      );
    }
    sections.push(...butterworthHighPassSections(spec.highPassHz, HIGH_PASS_ORDER, sampleRateHz));
  }

  if (spec.notchHz !== undefined) {
    const mainsHz: number = spec.notchHz;
    if (mainsHz !== 50 && mainsHz !== 60) {
      return fail('INVALID', `The mains notch must be 50 or 60 Hz; got ${formatHz(mainsHz)}.`, { field: 'notchHz' });
    }
    if (mainsHz >= nyquistHz) {
      return fail(
        'INVALID',
        `A ${mainsHz} Hz notch needs a sample rate above ${2 * mainsHz} Hz; this signal is sampled at ${sampleRateHz} Hz.`,
        { field: 'notchHz' },
      );
    }
    const highestHarmonic = spec.notchHarmonics === true ? NOTCH_HARMONIC_MAX : 1;
    for (let harmonic = 1; harmonic <= highestHarmonic && harmonic * mainsHz < nyquistHz; harmonic++) {
      sections.push(notchSection(harmonic * mainsHz, NOTCH_QUALITY_FACTOR, sampleRateHz));
    }
  }

  if (spec.bandPass !== undefined) {
    const { lowHz, highHz, order } = spec.bandPass;
    if (!Number.isInteger(order) || order < 1 || order > MAX_BUTTERWORTH_ORDER) {
      return fail('INVALID', `The band-pass order must be a whole number from 1 to ${MAX_BUTTERWORTH_ORDER}; got ${order}.`, {
        field: 'bandPass.order',
      });
    }
    if (!isPositiveFinite(lowHz)) {
      return fail('INVALID', `The band-pass low edge must be above 0 Hz; got ${formatHz(lowHz)}.`, { field: 'bandPass.lowHz' });
    }
    if (!isPositiveFinite(highHz) || highHz <= lowHz || highHz >= nyquistHz) {
      return fail(
        'INVALID',
        `The band-pass high edge must be above the low edge (${lowHz} Hz) and below ${nyquistHz} Hz (half the sample rate); got ${formatHz(highHz)}.`,
        { field: 'bandPass.highHz' },
      );
    }
    sections.push(...butterworthHighPassSections(lowHz, order, sampleRateHz));
    sections.push(...butterworthLowPassSections(highHz, order, sampleRateHz));
  }

  return ok({ coefficients: packSections(sections), sectionCount: sections.length });
}

/**
 * The filter of one channel: causal and stateful, so a signal cut into
 * blocks of any size comes out exactly as it would sample by sample.
 * A NaN sample (a gap) comes out as NaN and leaves the state as it was.
 * The first sample after creation or reset() primes the state (see
 * primeState), so a DC offset does not ring.
 */
export class ChannelFilter {
  private readonly state: Float64Array;
  private isPrimed = false;

  constructor(private readonly design: FilterDesign) {
    this.state = new Float64Array(design.sectionCount * STATE_VALUES_PER_SECTION);
  }

  process(sample: number): number {
    if (Number.isNaN(sample)) return Number.NaN;
    const { coefficients, sectionCount } = this.design;
    if (!this.isPrimed) {
      primeState(coefficients, sectionCount, this.state, 0, sample);
      this.isPrimed = true;
    }
    return filterSample(coefficients, sectionCount, this.state, 0, sample);
  }

  /** Filters input[0..length) into output[0..length); output may be the input array. */
  processBlock(input: Float32Array | Float64Array, output: Float32Array | Float64Array, length: number): void {
    for (let index = 0; index < length; index++) output[index] = this.process(input[index]!);
  }

  reset(): void {
    this.state.fill(0);
    this.isPrimed = false;
  }
}

export function createFilterChain(spec: FilterSpec, sampleRateHz: number): Result<ChannelFilter> {
  const design = designFilterChain(spec, sampleRateHz);
  return design.ok ? ok(new ChannelFilter(design.value)) : design;
}
