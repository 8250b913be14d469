/**
 * Radix-2 FFT of a real signal. The N real samples are packed as N/2
 * complex ones (even samples real, odd imaginary), transformed in place by
 * an iterative complex FFT, then split into the one-sided spectrum of the
 * real input. Twiddles, the bit-reversal permutation and the work arrays
 * are computed once per size; forward() allocates nothing.
 */

export function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && (value & (value - 1)) === 0;
}

export class RealFft {
  /** Number of real input samples; the spectrum has size / 2 + 1 bins. */
  readonly size: number;
  private readonly half: number;
  /** cos and sin of 2 pi k / size for k = 0 .. size / 2. The complex FFT of size / 2 uses every second entry. */
  private readonly cosines: Float64Array;
  private readonly sines: Float64Array;
  private readonly bitReversed: Uint32Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  /** Throws RangeError unless size is a power of two >= 2: sizes are chosen in code, not by users. */
  constructor(size: number) {
    if (!isPowerOfTwo(size) || size < 2) throw new RangeError(`RealFft size must be a power of two >= 2; got ${size}.`);
    this.size = size;
    this.half = size / 2;
    this.cosines = new Float64Array(this.half + 1);
    this.sines = new Float64Array(this.half + 1);
    for (let k = 0; k <= this.half; k++) {
      const angle = (2 * Math.PI * k) / size;
      this.cosines[k] = Math.cos(angle);
      this.sines[k] = Math.sin(angle);
    }
    this.bitReversed = new Uint32Array(this.half);
    const bits = Math.log2(this.half);
    for (let index = 0; index < this.half; index++) {
      let reversed = 0;
      for (let bit = 0; bit < bits; bit++) reversed |= ((index >>> bit) & 1) << (bits - 1 - bit);
      this.bitReversed[index] = reversed;
    }
    this.workRe = new Float64Array(this.half);
    this.workIm = new Float64Array(this.half);
  }

  /**
   * X[k] = sum_n input[n] e^(-2 pi i k n / size) for k = 0 .. size / 2,
   * written to outRe/outIm (each at least size / 2 + 1 long). Reads
   * input[0 .. size).
   */
  forward(input: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const half = this.half;
    const re = this.workRe;
    const im = this.workIm;
    for (let index = 0; index < half; index++) {
      const target = this.bitReversed[index]!;
      re[target] = input[2 * index]!;
      im[target] = input[2 * index + 1]!;
    }
    this.transformInPlace();

    const cosines = this.cosines;
    const sines = this.sines;
    for (let k = 0; k <= half; k++) {
      const mirrored = k === 0 || k === half ? 0 : half - k;
      const wrapped = k === half ? 0 : k;
      const aRe = re[wrapped]!;
      const aIm = im[wrapped]!;
      // b = conj(Z[half - k])
      const bRe = re[mirrored]!;
      const bIm = -im[mirrored]!;
      // Even part (a + b) / 2, odd part (a - b) / (2i).
      const evenRe = (aRe + bRe) / 2;
      const evenIm = (aIm + bIm) / 2;
      const oddRe = (aIm - bIm) / 2;
      const oddIm = -(aRe - bRe) / 2;
      // X[k] = even + e^(-2 pi i k / size) odd
      const c = cosines[k]!;
      const s = sines[k]!;
      outRe[k] = evenRe + c * oddRe + s * oddIm;
      outIm[k] = evenIm + c * oddIm - s * oddRe;
    }
  }

  /** Iterative decimation-in-time butterflies over the bit-reversed work arrays. */
  private transformInPlace(): void {
    const half = this.half;
    const re = this.workRe;
    const im = this.workIm;
    for (let span = 1; span < half; span *= 2) {
      // Twiddle e^(-2 pi i j / (2 span)) is entry j * (size / (2 span)) of the size-N table.
      const stride = half / span;
      for (let blockStart = 0; blockStart < half; blockStart += 2 * span) {
        for (let j = 0; j < span; j++) {
          const c = this.cosines[j * stride]!;
          const s = this.sines[j * stride]!;
          const top = blockStart + j;
          const bottom = top + span;
          const bottomRe = re[bottom]!;
          const bottomIm = im[bottom]!;
          const productRe = c * bottomRe + s * bottomIm;
          const productIm = c * bottomIm - s * bottomRe;
          const topRe = re[top]!;
          const topIm = im[top]!;
          re[top] = topRe + productRe;
          im[top] = topIm + productIm;
          re[bottom] = topRe - productRe;
          im[bottom] = topIm - productIm;
        }
      }
    }
  }
}
