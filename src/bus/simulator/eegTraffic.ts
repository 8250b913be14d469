/**
 * One demo EEG user's three channels, encoded as the edge relays do
 * (MessagePack): `user:{id}:raw` one message per sample, `user:{id}:features`
 * (band powers and workload metrics) and `user:{id}:predictions`.
 */
import { pack } from 'msgpackr';
import { EegSignal } from './eegSignal';
import { createSeededRandom, randomBetween, roundTo, type RandomSource } from './seededRandom';

export interface EegUserTrafficOptions {
  userId: string;
  channelCount: number;
  rateHz: number;
  seed: number;
}

interface RawMessage {
  type: 'raw';
  /** Numbers the channel's messages from 1, as the edge relays do (LAB_TRAFFIC). */
  seq: number;
  /** Epoch seconds, as the relays send it. */
  timestamp: number;
  channels: Record<string, number>;
}

const PREDICTION_STEP = 0.04;

export function eegChannelNames(channelCount: number): string[] {
  return Array.from({ length: channelCount }, (_, index) => `Ch${index}`);
}

export class EegUserTraffic {
  readonly rawChannel: string;
  readonly featuresChannel: string;
  readonly predictionsChannel: string;
  private readonly signal: EegSignal;
  private readonly sample: Float64Array;
  private readonly channelNames: string[];
  /** Reused for every sample: msgpackr serialises it at once, so one object suffices. */
  private readonly rawMessage: RawMessage;
  private readonly random: RandomSource;
  private featuresSequence = 0;
  private predictionsSequence = 0;
  private valence = 0.1;
  private arousal = 0.5;

  constructor(options: EegUserTrafficOptions) {
    this.rawChannel = `user:${options.userId}:raw`;
    this.featuresChannel = `user:${options.userId}:features`;
    this.predictionsChannel = `user:${options.userId}:predictions`;
    this.signal = new EegSignal({ channelCount: options.channelCount, rateHz: options.rateHz, seed: options.seed });
    this.sample = new Float64Array(this.signal.channelCount);
    this.channelNames = eegChannelNames(this.signal.channelCount);
    const channels: Record<string, number> = {};
    for (const name of this.channelNames) channels[name] = 0;
    this.rawMessage = { type: 'raw', seq: 0, timestamp: 0, channels };
    this.random = createSeededRandom(options.seed ^ 0x5bd1e995);
  }

  get channels(): string[] {
    return [this.rawChannel, this.featuresChannel, this.predictionsChannel];
  }

  nextRawPayload(timestampSeconds: number): Buffer {
    this.signal.next(this.sample);
    const channels = this.rawMessage.channels;
    for (let index = 0; index < this.channelNames.length; index++) {
      channels[this.channelNames[index]!] = this.sample[index]!;
    }
    this.rawMessage.seq++;
    this.rawMessage.timestamp = timestampSeconds;
    return pack(this.rawMessage);
  }

  skipSamples(count: number): void {
    this.signal.skip(count);
  }

  featuresPayload(nowMs: number): Buffer {
    const bands = this.bandPowers();
    return pack({
      type: 'features',
      seq: ++this.featuresSequence,
      timestamp: nowMs / 1000,
      window_s: 1,
      band_power: bands,
      metrics: {
        engagement: roundTo(bands.beta / (bands.alpha + bands.theta), 3),
        workload_index: roundTo(bands.theta / (bands.alpha + bands.theta), 3),
        alpha_theta_ratio: roundTo(bands.alpha / bands.theta, 3),
      },
    });
  }

  predictionPayload(nowMs: number): Buffer {
    const bands = this.bandPowers();
    const workload = bands.theta / (bands.alpha + bands.theta);
    this.valence = clamp(this.valence + randomBetween(this.random, -PREDICTION_STEP, PREDICTION_STEP), -1, 1);
    this.arousal = clamp(0.8 * this.arousal + 0.2 * (1 - this.signal.alphaLevel()) + randomBetween(this.random, -0.02, 0.02), 0, 1);
    return pack({
      type: 'prediction',
      seq: ++this.predictionsSequence,
      prediction_type: 'cognitive_state',
      data: {
        workload: roundTo(clamp(workload + randomBetween(this.random, -0.05, 0.05), 0, 1), 3),
        valence: roundTo(this.valence, 3),
        arousal: roundTo(this.arousal, 3),
      },
      confidence: roundTo(randomBetween(this.random, 0.6, 0.95), 3),
      source: 'demo-model',
      timestamp: nowMs / 1000,
    });
  }

  /** Band powers in µV² that follow the generated signal's alpha and theta envelopes. */
  private bandPowers(): { delta: number; theta: number; alpha: number; beta: number; gamma: number } {
    const alphaLevel = this.signal.alphaLevel();
    const thetaLevel = this.signal.thetaLevel();
    const jitter = (): number => randomBetween(this.random, 0.9, 1.1);
    return {
      delta: roundTo(40 * jitter(), 2),
      theta: roundTo(25 * thetaLevel * thetaLevel * jitter() + 2, 2),
      alpha: roundTo(160 * alphaLevel * alphaLevel * jitter() + 2, 2),
      beta: roundTo(6 * jitter(), 2),
      gamma: roundTo(1.5 * jitter(), 2),
    };
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
