import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ALPHA_FREQUENCY_HZ,
  EegSignal,
  FRONTAL_CHANNEL_COUNT,
  MAINS_CHANNEL_INDEX,
  MAINS_FREQUENCY_HZ,
} from '../../src/bus/simulator/eegSignal';

/** Channel-major recording of `sampleCount` samples. */
function record(signal: EegSignal, sampleCount: number): Float64Array[] {
  const channels = Array.from({ length: signal.channelCount }, () => new Float64Array(sampleCount));
  const sample = new Float64Array(signal.channelCount);
  for (let index = 0; index < sampleCount; index++) {
    signal.next(sample);
    channels.forEach((channel, channelIndex) => (channel[index] = sample[channelIndex]!));
  }
  return channels;
}

/** Amplitude of one frequency (single-bin DFT), in the signal's units. */
function amplitudeAt(samples: Float64Array, frequencyHz: number, rateHz: number): number {
  let real = 0;
  let imaginary = 0;
  samples.forEach((value, index) => {
    const angle = (2 * Math.PI * frequencyHz * index) / rateHz;
    real += value * Math.cos(angle);
    imaginary -= value * Math.sin(angle);
  });
  return (2 * Math.hypot(real, imaginary)) / samples.length;
}

describe('EegSignal', () => {
  const rateHz = 250;
  const channels = record(new EegSignal({ channelCount: 8, rateHz, seed: 42 }), rateHz * 4);
  const mains = channels[MAINS_CHANNEL_INDEX]!;
  const posterior = channels[7]!;

  test('has a dominant 10 Hz alpha rhythm and strong 50 Hz hum on the mains channel only', () => {
    assert.deepEqual(
      {
        isAlphaAboveNeighbour: amplitudeAt(posterior, ALPHA_FREQUENCY_HZ, rateHz) > 5 * amplitudeAt(posterior, 13, rateHz),
        isMainsStrongOnMainsChannel: amplitudeAt(mains, MAINS_FREQUENCY_HZ, rateHz) > 30,
        isMainsAbsentElsewhere: amplitudeAt(posterior, MAINS_FREQUENCY_HZ, rateHz) < 3,
      },
      { isAlphaAboveNeighbour: true, isMainsStrongOnMainsChannel: true, isMainsAbsentElsewhere: true },
    );
  });

  test('stays in a plausible microvolt range', () => {
    const extremes = channels.map((channel) => Math.max(...channel.map(Math.abs)));
    assert.equal(extremes.every((extreme) => extreme > 5 && extreme < 400), true, `extremes ${extremes.join(', ')}`);
  });

  test('blinks on the frontal channels only', () => {
    const long = record(new EegSignal({ channelCount: 4, rateHz, seed: 7 }), rateHz * 20);
    const peaks = long.map((channel) => Math.max(...channel));
    assert.deepEqual(
      peaks.map((peak, index) => (index < FRONTAL_CHANNEL_COUNT ? peak > 100 : peak < 100)),
      [true, true, true, true],
    );
  });

  test('is repeatable for a seed and leaves out mains hum it could not represent', () => {
    const first = record(new EegSignal({ channelCount: 2, rateHz: 100, seed: 3 }), 200);
    const second = record(new EegSignal({ channelCount: 2, rateHz: 100, seed: 3 }), 200);
    assert.deepEqual(first, second);
    assert.ok(amplitudeAt(first[0]!, 49, 100) < 5);
  });

  test('skip moves time on without producing samples', () => {
    const signal = new EegSignal({ channelCount: 1, rateHz: 100, seed: 1 });
    signal.skip(250);
    signal.next(new Float64Array(1));
    assert.equal(signal.position, 251);
  });
});
