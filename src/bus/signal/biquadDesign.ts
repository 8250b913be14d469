/**
 * Coefficients for second-order IIR sections (biquads), designed with the
 * bilinear transform as in Robert Bristow-Johnson's "Audio EQ Cookbook".
 *
 * A section is five numbers normalised so that a0 = 1:
 *   y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]
 * A first-order section is a biquad with b2 = a2 = 0.
 *
 * Design runs once per filter change, so it may allocate; the per-sample
 * work lives in biquadKernel.ts.
 */

export type Section = readonly [b0: number, b1: number, b2: number, a1: number, a2: number];

export const COEFFICIENTS_PER_SECTION = 5;

/** Packs sections into one array, five coefficients per section, in cascade order. */
export function packSections(sections: readonly Section[]): Float64Array {
  const packed = new Float64Array(sections.length * COEFFICIENTS_PER_SECTION);
  sections.forEach((section, index) => packed.set(section, index * COEFFICIENTS_PER_SECTION));
  return packed;
}

function angularFrequency(frequencyHz: number, sampleRateHz: number): number {
  return (2 * Math.PI * frequencyHz) / sampleRateHz;
}

/** Cookbook notch: a zero pair on the unit circle at f0, -3 dB width f0 / Q. */
export function notchSection(centerHz: number, qualityFactor: number, sampleRateHz: number): Section {
  const w0 = angularFrequency(centerHz, sampleRateHz);
  const cosW0 = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * qualityFactor);
  const a0 = 1 + alpha;
  return [1 / a0, (-2 * cosW0) / a0, 1 / a0, (-2 * cosW0) / a0, (1 - alpha) / a0];
}

/** Cookbook second-order low-pass with cutoff f0 and quality factor Q. */
export function lowPassSection(cutoffHz: number, qualityFactor: number, sampleRateHz: number): Section {
  const w0 = angularFrequency(cutoffHz, sampleRateHz);
  const cosW0 = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * qualityFactor);
  const a0 = 1 + alpha;
  const b1 = (1 - cosW0) / a0;
  return [b1 / 2, b1, b1 / 2, (-2 * cosW0) / a0, (1 - alpha) / a0];
}

/** Cookbook second-order high-pass with cutoff f0 and quality factor Q. */
export function highPassSection(cutoffHz: number, qualityFactor: number, sampleRateHz: number): Section {
  const w0 = angularFrequency(cutoffHz, sampleRateHz);
  const cosW0 = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * qualityFactor);
  const a0 = 1 + alpha;
  const b0 = (1 + cosW0) / (2 * a0);
  return [b0, -2 * b0, b0, (-2 * cosW0) / a0, (1 - alpha) / a0];
}

/** Bilinear transform of 1 / (s + 1), prewarped so the -3 dB point lands on the cutoff. */
export function firstOrderLowPassSection(cutoffHz: number, sampleRateHz: number): Section {
  const k = Math.tan(angularFrequency(cutoffHz, sampleRateHz) / 2);
  return [k / (k + 1), k / (k + 1), 0, (k - 1) / (k + 1), 0];
}

/** Bilinear transform of s / (s + 1), prewarped so the -3 dB point lands on the cutoff. */
export function firstOrderHighPassSection(cutoffHz: number, sampleRateHz: number): Section {
  const k = Math.tan(angularFrequency(cutoffHz, sampleRateHz) / 2);
  return [1 / (k + 1), -1 / (k + 1), 0, (k - 1) / (k + 1), 0];
}

/**
 * Quality factors of the conjugate pole pairs of an order-N Butterworth
 * prototype. The poles sit on the unit circle at angles
 * theta_k = (2k + 1 - N) pi / (2N) from the negative real axis; a pair at
 * +-theta has Q = 1 / (2 cos theta). Odd orders also have the real pole at
 * theta = 0, which becomes the first-order section and is not listed here.
 */
export function butterworthQualityFactors(order: number): number[] {
  const factors: number[] = [];
  for (let k = 0; k < order; k++) {
    const theta = ((2 * k + 1 - order) * Math.PI) / (2 * order);
    if (theta > 0) factors.push(1 / (2 * Math.cos(theta)));
  }
  return factors;
}

/**
 * Because every section is prewarped to the same cutoff, the cascade is
 * exactly the bilinear transform of the analogue Butterworth filter.
 */
export function butterworthLowPassSections(cutoffHz: number, order: number, sampleRateHz: number): Section[] {
  const sections = butterworthQualityFactors(order).map((q) => lowPassSection(cutoffHz, q, sampleRateHz));
  if (order % 2 === 1) sections.push(firstOrderLowPassSection(cutoffHz, sampleRateHz));
  return sections;
}

export function butterworthHighPassSections(cutoffHz: number, order: number, sampleRateHz: number): Section[] {
  const sections = butterworthQualityFactors(order).map((q) => highPassSection(cutoffHz, q, sampleRateHz));
  if (order % 2 === 1) sections.push(firstOrderHighPassSection(cutoffHz, sampleRateHz));
  return sections;
}

/** |H(e^jw)| of a packed cascade at one frequency, for drawing a filter's response. */
export function cascadeMagnitude(coefficients: Float64Array, frequencyHz: number, sampleRateHz: number): number {
  const w = angularFrequency(frequencyHz, sampleRateHz);
  const cos1 = Math.cos(w);
  const sin1 = Math.sin(w);
  const cos2 = Math.cos(2 * w);
  const sin2 = Math.sin(2 * w);
  let magnitude = 1;
  for (let c = 0; c + COEFFICIENTS_PER_SECTION <= coefficients.length; c += COEFFICIENTS_PER_SECTION) {
    const b0 = coefficients[c]!;
    const b1 = coefficients[c + 1]!;
    const b2 = coefficients[c + 2]!;
    const a1 = coefficients[c + 3]!;
    const a2 = coefficients[c + 4]!;
    const numeratorRe = b0 + b1 * cos1 + b2 * cos2;
    const numeratorIm = -(b1 * sin1 + b2 * sin2);
    const denominatorRe = 1 + a1 * cos1 + a2 * cos2;
    const denominatorIm = -(a1 * sin1 + a2 * sin2);
    magnitude *= Math.hypot(numeratorRe, numeratorIm) / Math.hypot(denominatorRe, denominatorIm);
  }
  return magnitude;
}
