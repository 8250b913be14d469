/**
 * A synthetic EEG source that looks plausible on a plot: per channel an alpha
 * rhythm that waxes and wanes, some theta, pink-ish noise, slow drift and an
 * electrode offset; one channel with strong mains hum (so a notch filter has a
 * visible job) and eye blinks on the frontal channels.
 *
 * Allocation-light: all state lives in typed arrays made once; `next` writes
 * into the caller's array.
 */
import { createSeededRandom, randomBetween, type RandomSource } from './seededRandom';

export const ALPHA_FREQUENCY_HZ = 10;
export const THETA_FREQUENCY_HZ = 6;
export const MAINS_FREQUENCY_HZ = 50;
/** Ch0 plays an electrode with a poor contact: it picks up mains hum. */
export const MAINS_CHANNEL_INDEX = 0;
export const MAINS_AMPLITUDE_UV = 40;
/** Ch0 and Ch1 play the frontal electrodes (Fp1, Fp2) that see eye blinks. */
export const FRONTAL_CHANNEL_COUNT = 2;

const ALPHA_PEAK_UV = 18;
const THETA_PEAK_UV = 7;
/** The alpha envelope's own rhythm: eyes relax and focus over ~12 s. */
const ALPHA_ENVELOPE_HZ = 0.08;
const THETA_ENVELOPE_HZ = 0.03;
const DRIFT_FREQUENCY_HZ = 0.04;
const DRIFT_AMPLITUDE_UV = 12;
const ELECTRODE_OFFSET_UV = 15;
/** One-pole low-pass corners and gains: more power low, less high, roughly 1/f. */
const NOISE_CORNERS_HZ = [1, 8, 40] as const;
const NOISE_GAINS_UV = [6, 3, 1.5] as const;
const WHITE_NOISE_UV = 1;
const BLINK_PEAK_UV = 150;
const BLINK_DURATION_S = 0.35;
const BLINK_MIN_GAP_S = 3;
const BLINK_MAX_GAP_S = 8;
/** Steps per microvolt (0.01 µV): readable values in the raw monitor, far below the noise floor. */
const STEPS_PER_UV = 100;

const TWO_PI = 2 * Math.PI;
const SQRT_3 = Math.sqrt(3);

export interface EegSignalOptions {
  channelCount: number;
  rateHz: number;
  seed: number;
}

export class EegSignal {
  readonly channelCount: number;
  readonly rateHz: number;
  private sampleIndex = 0;
  private readonly random: RandomSource;
  private readonly alphaGain: Float64Array;
  private readonly thetaGain: Float64Array;
  private readonly alphaPhase: Float64Array;
  private readonly thetaPhase: Float64Array;
  private readonly driftPhase: Float64Array;
  private readonly offset: Float64Array;
  /** Three low-pass states per channel, channel-major. */
  private readonly noiseState: Float64Array;
  private readonly noisePole: Float64Array;
  private readonly noiseScale: Float64Array;
  /** Mains above Nyquist would alias; a real amplifier's anti-alias filter removes it. */
  private readonly hasMains: boolean;
  private blinkStart: number;
  private readonly blinkLength: number;

  constructor(options: EegSignalOptions) {
    this.channelCount = Math.max(1, Math.floor(options.channelCount));
    this.rateHz = Math.max(1, options.rateHz);
    this.random = createSeededRandom(options.seed);
    const count = this.channelCount;
    this.alphaGain = new Float64Array(count);
    this.thetaGain = new Float64Array(count);
    this.alphaPhase = new Float64Array(count);
    this.thetaPhase = new Float64Array(count);
    this.driftPhase = new Float64Array(count);
    this.offset = new Float64Array(count);
    for (let channel = 0; channel < count; channel++) {
      // Channel order runs front to back: alpha is strongest at the back, theta at the front.
      const depth = count === 1 ? 1 : channel / (count - 1);
      this.alphaGain[channel] = 0.4 + 0.6 * depth;
      this.thetaGain[channel] = 1 - 0.5 * depth;
      this.alphaPhase[channel] = randomBetween(this.random, 0, TWO_PI);
      this.thetaPhase[channel] = randomBetween(this.random, 0, TWO_PI);
      this.driftPhase[channel] = randomBetween(this.random, 0, TWO_PI);
      this.offset[channel] = randomBetween(this.random, -ELECTRODE_OFFSET_UV, ELECTRODE_OFFSET_UV);
    }
    this.noiseState = new Float64Array(count * NOISE_CORNERS_HZ.length);
    this.noisePole = new Float64Array(NOISE_CORNERS_HZ.length);
    this.noiseScale = new Float64Array(NOISE_CORNERS_HZ.length);
    NOISE_CORNERS_HZ.forEach((cornerHz, band) => {
      const pole = Math.exp((-TWO_PI * cornerHz) / this.rateHz);
      this.noisePole[band] = pole;
      // A one-pole low-pass of unit white noise has variance (1-p)/(1+p); undo that.
      this.noiseScale[band] = NOISE_GAINS_UV[band]! * Math.sqrt((1 + pole) / (1 - pole));
    });
    this.hasMains = this.rateHz > 2 * MAINS_FREQUENCY_HZ;
    this.blinkLength = Math.max(1, Math.round(BLINK_DURATION_S * this.rateHz));
    this.blinkStart = this.nextBlinkAfter(0);
  }

  /** Samples produced or skipped so far. */
  get position(): number {
    return this.sampleIndex;
  }

  /** Alpha strength now, 0..1 of its peak (drives the demo features). */
  alphaLevel(): number {
    return 0.55 + 0.45 * Math.sin((TWO_PI * ALPHA_ENVELOPE_HZ * this.sampleIndex) / this.rateHz);
  }

  /** Theta strength now, 0..1 of its peak. */
  thetaLevel(): number {
    return 0.6 + 0.4 * Math.sin((TWO_PI * THETA_ENVELOPE_HZ * this.sampleIndex) / this.rateHz + 1);
  }

  /** Writes the next sample of every channel, in microvolts, into `out[0..channelCount)`. */
  next(out: Float64Array): void {
    const seconds = this.sampleIndex / this.rateHz;
    const alpha = ALPHA_PEAK_UV * this.alphaLevel();
    const theta = THETA_PEAK_UV * this.thetaLevel();
    const alphaAngle = TWO_PI * ALPHA_FREQUENCY_HZ * seconds;
    const thetaAngle = TWO_PI * THETA_FREQUENCY_HZ * seconds;
    const driftAngle = TWO_PI * DRIFT_FREQUENCY_HZ * seconds;
    const blink = this.blinkValue();
    const bandCount = NOISE_CORNERS_HZ.length;
    for (let channel = 0; channel < this.channelCount; channel++) {
      const random = this.random;
      // Sum of four uniforms: cheap, near-Gaussian, unit variance after scaling.
      const white = (random() + random() + random() + random() - 2) * SQRT_3;
      let noise = WHITE_NOISE_UV * white;
      for (let band = 0; band < bandCount; band++) {
        const index = channel * bandCount + band;
        const pole = this.noisePole[band]!;
        const state = pole * this.noiseState[index]! + (1 - pole) * white;
        this.noiseState[index] = state;
        noise += this.noiseScale[band]! * state;
      }
      let value =
        this.offset[channel]! +
        DRIFT_AMPLITUDE_UV * Math.sin(driftAngle + this.driftPhase[channel]!) +
        alpha * this.alphaGain[channel]! * Math.sin(alphaAngle + this.alphaPhase[channel]!) +
        theta * this.thetaGain[channel]! * Math.sin(thetaAngle + this.thetaPhase[channel]!) +
        noise;
      if (channel < FRONTAL_CHANNEL_COUNT) value += blink;
      if (channel === MAINS_CHANNEL_INDEX && this.hasMains) {
        value += MAINS_AMPLITUDE_UV * Math.sin(TWO_PI * MAINS_FREQUENCY_HZ * seconds);
      }
      out[channel] = Math.round(value * STEPS_PER_UV) / STEPS_PER_UV;
    }
    this.sampleIndex++;
  }

  /** Moves time on by `count` samples without computing them (the publisher fell behind). */
  skip(count: number): void {
    this.sampleIndex += Math.max(0, Math.floor(count));
    if (this.sampleIndex >= this.blinkStart + this.blinkLength) this.blinkStart = this.nextBlinkAfter(this.sampleIndex);
  }

  private blinkValue(): number {
    const intoBlink = this.sampleIndex - this.blinkStart;
    if (intoBlink < 0) return 0;
    if (intoBlink >= this.blinkLength) {
      this.blinkStart = this.nextBlinkAfter(this.sampleIndex);
      return 0;
    }
    const shape = Math.sin((Math.PI * intoBlink) / this.blinkLength);
    return BLINK_PEAK_UV * shape * shape;
  }

  private nextBlinkAfter(sampleIndex: number): number {
    return sampleIndex + Math.round(randomBetween(this.random, BLINK_MIN_GAP_S, BLINK_MAX_GAP_S) * this.rateHz);
  }
}
