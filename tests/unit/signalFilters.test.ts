import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  butterworthLowPassSections,
  butterworthQualityFactors,
  cascadeMagnitude,
  packSections,
} from '../../src/bus/signal/biquadDesign';
import { applyCommonAverageReference } from '../../src/bus/signal/commonAverageReference';
import { ChannelFilter, createFilterChain, designFilterChain, type FilterSpec } from '../../src/bus/signal/filterChain';
import { createMultiChannelFilter } from '../../src/bus/signal/multiChannelFilter';

const SAMPLE_RATE_HZ = 1000;

function sine(frequencyHz: number, seconds: number, amplitude = 1): Float64Array {
  const samples = new Float64Array(Math.round(seconds * SAMPLE_RATE_HZ));
  for (let index = 0; index < samples.length; index++) {
    samples[index] = amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / SAMPLE_RATE_HZ);
  }
  return samples;
}

function rms(samples: Float64Array, from: number): number {
  let sum = 0;
  for (let index = from; index < samples.length; index++) sum += samples[index]! ** 2;
  return Math.sqrt(sum / (samples.length - from));
}

function filterOrFail(spec: FilterSpec): ChannelFilter {
  const created = createFilterChain(spec, SAMPLE_RATE_HZ);
  assert.ok(created.ok, 'the filter spec is valid');
  return created.value;
}

/** Gain in dB of the filter for a sine, measured by RMS after `settleSeconds`. */
function measuredGainDb(spec: FilterSpec, frequencyHz: number, seconds: number, settleSeconds: number): number {
  const input = sine(frequencyHz, seconds);
  const output = new Float64Array(input.length);
  filterOrFail(spec).processBlock(input, output, input.length);
  const from = settleSeconds * SAMPLE_RATE_HZ;
  return 20 * Math.log10(rms(output, from) / rms(input, from));
}

/** A small deterministic generator so failures reproduce. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('Butterworth design', () => {
  test('pole-pair quality factors are 1 / (2 cos theta) for each order', () => {
    const rounded = [2, 3, 4, 5].map((order) => butterworthQualityFactors(order).map((q) => Number(q.toFixed(4))));
    assert.deepStrictEqual(rounded, [[0.7071], [1], [0.5412, 1.3066], [0.618, 1.618]]);
  });

  test('an odd-order low-pass is 3.01 dB down at its cutoff, analytically and when run', () => {
    const coefficients = packSections(butterworthLowPassSections(40, 5, SAMPLE_RATE_HZ));
    const analyticDb = 20 * Math.log10(cascadeMagnitude(coefficients, 40, SAMPLE_RATE_HZ));
    const simulatedDb = measuredGainDb({ bandPass: { lowHz: 0.01, highHz: 40, order: 5 } }, 40, 4, 2);
    assert.deepStrictEqual([analyticDb.toFixed(2), simulatedDb.toFixed(1)], ['-3.01', '-3.0']);
  });
});

describe('filter chain on known signals (1 kHz sampling)', () => {
  test('a 50 Hz notch removes 50 Hz by at least 40 dB and passes 10 Hz within 1 dB', () => {
    const spec: FilterSpec = { notchHz: 50 };
    const at50 = measuredGainDb(spec, 50, 4, 2);
    const at10 = measuredGainDb(spec, 10, 4, 2);
    assert.ok(at50 <= -40, `50 Hz gain ${at50.toFixed(1)} dB`);
    assert.ok(Math.abs(at10) <= 1, `10 Hz gain ${at10.toFixed(2)} dB`);
  });

  test('notch harmonics also remove 100 and 150 Hz', () => {
    const spec: FilterSpec = { notchHz: 50, notchHarmonics: true };
    const gains = [100, 150].map((frequency) => measuredGainDb(spec, frequency, 3, 2));
    assert.ok(gains.every((gain) => gain <= -40), `gains ${gains.map((gain) => gain.toFixed(1)).join(', ')} dB`);
  });

  test('a 1-40 Hz band-pass passes 10 Hz within 1 dB and cuts 0.1 Hz and 100 Hz by at least 20 dB', () => {
    const spec: FilterSpec = { bandPass: { lowHz: 1, highHz: 40, order: 4 } };
    const at10 = measuredGainDb(spec, 10, 6, 3);
    const at100 = measuredGainDb(spec, 100, 4, 2);
    // Three whole periods of 0.1 Hz after 30 s of settling.
    const atTenth = measuredGainDb(spec, 0.1, 60, 30);
    assert.ok(Math.abs(at10) <= 1, `10 Hz gain ${at10.toFixed(2)} dB`);
    assert.ok(at100 <= -20, `100 Hz gain ${at100.toFixed(1)} dB`);
    assert.ok(atTenth <= -20, `0.1 Hz gain ${atTenth.toFixed(1)} dB`);
  });

  test('blocks of random sizes give exactly the sample-by-sample output, in place too', () => {
    const spec: FilterSpec = { highPassHz: 0.5, notchHz: 50, notchHarmonics: true, bandPass: { lowHz: 1, highHz: 40, order: 3 } };
    const random = seededRandom(7);
    const input = new Float64Array(5000);
    for (let index = 0; index < input.length; index++) input[index] = 30 * Math.sin(index / 9) + 10 * (random() - 0.5) + 200;
    input[1234] = Number.NaN;

    const oneByOne = filterOrFail(spec);
    const expected = input.map((sample) => oneByOne.process(sample));

    const blockwise = filterOrFail(spec);
    const separate = new Float64Array(input.length);
    const inPlace = filterOrFail(spec);
    const shared = input.slice();
    for (let offset = 0; offset < input.length; ) {
      const length = Math.min(1 + Math.floor(random() * 300), input.length - offset);
      blockwise.processBlock(input.subarray(offset), separate.subarray(offset), length);
      inPlace.processBlock(shared.subarray(offset), shared.subarray(offset), length);
      offset += length;
    }
    assert.deepStrictEqual({ separate, shared }, { separate: expected, shared: expected });
  });

  test('reset() forgets the state: the same input gives the same output again', () => {
    const filter = filterOrFail({ bandPass: { lowHz: 1, highHz: 40, order: 4 } });
    const input = sine(7, 0.5, 50);
    const first = input.map((sample) => filter.process(sample));
    filter.reset();
    const second = input.map((sample) => filter.process(sample));
    assert.deepStrictEqual(second, first);
  });

  test('a large DC offset does not ring through the high-pass: the first sample primes the state', () => {
    const filter = filterOrFail({ highPassHz: 0.5 });
    const output = new Float64Array(1000).map(() => filter.process(20_000));
    const largest = output.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    assert.ok(largest < 1e-6, `largest output ${largest}`);
  });

  test('a NaN sample comes out as NaN and does not disturb the following samples', () => {
    const withGap = filterOrFail({ notchHz: 50 });
    const without = filterOrFail({ notchHz: 50 });
    const input = sine(10, 0.2, 40);
    const gapOutput = Array.from(input, (sample, index) => withGap.process(index === 100 ? Number.NaN : sample));
    const plainOutput = Array.from(input, (sample, index) => (index === 100 ? Number.NaN : without.process(sample)));
    assert.deepStrictEqual(gapOutput, plainOutput);
  });

  test('settings that cannot work at the sample rate are refused with a plain sentence', () => {
    const results = [
      designFilterChain({ notchHz: 50 }, 100),
      designFilterChain({ bandPass: { lowHz: 40, highHz: 1, order: 4 } }, SAMPLE_RATE_HZ),
      designFilterChain({ bandPass: { lowHz: 1, highHz: 40, order: 12 } }, SAMPLE_RATE_HZ),
      designFilterChain({ highPassHz: -1 }, SAMPLE_RATE_HZ),
    ];
    assert.deepStrictEqual(results, [
      {
        ok: false,
        error: {
          code: 'INVALID',
          message: 'A 50 Hz notch needs a sample rate above 100 Hz; this signal is sampled at 100 Hz.',
          field: 'notchHz',
        },
      },
      {
        ok: false,
        error: {
          code: 'INVALID',
          message: 'The band-pass high edge must be above the low edge (40 Hz) and below 500 Hz (half the sample rate); got 1 Hz.',
          field: 'bandPass.highHz',
        },
      },
      {
        ok: false,
        error: { code: 'INVALID', message: 'The band-pass order must be a whole number from 1 to 8; got 12.', field: 'bandPass.order' },
      },
      {
        ok: false,
        error: {
          code: 'INVALID',
          message: 'The high-pass cutoff must be above 0 Hz and below 500 Hz (half the sample rate); got -1 Hz.',
          field: 'highPassHz',
        },
      },
    ]);
  });
});

describe('multi-channel filtering', () => {
  test('each channel keeps its own state: time steps match one filter per channel', () => {
    const spec: FilterSpec = { highPassHz: 1, notchHz: 60 };
    const channelCount = 3;
    const created = createMultiChannelFilter(spec, SAMPLE_RATE_HZ, channelCount);
    assert.ok(created.ok);
    const montage = created.value;
    const singles = Array.from({ length: channelCount }, () => filterOrFail(spec));
    const signals = [sine(8, 1, 20), sine(60, 1, 5), sine(23, 1, 1)];

    const fromMontage: number[][] = [[], [], []];
    const fromSingles: number[][] = [[], [], []];
    const step = new Float64Array(channelCount);
    for (let index = 0; index < SAMPLE_RATE_HZ; index++) {
      for (let channel = 0; channel < channelCount; channel++) step[channel] = signals[channel]![index]! + channel * 100;
      for (let channel = 0; channel < channelCount; channel++) fromSingles[channel]!.push(singles[channel]!.process(step[channel]!));
      montage.processTimeStep(step);
      for (let channel = 0; channel < channelCount; channel++) fromMontage[channel]!.push(step[channel]!);
    }
    assert.deepStrictEqual(fromMontage, fromSingles);
  });

  test('common average reference subtracts the mean of the channels that have a value', () => {
    const step = Float64Array.of(1, 2, 3, Number.NaN, 6);
    const mean = applyCommonAverageReference(step);
    assert.deepStrictEqual({ mean, step }, { mean: 3, step: Float64Array.of(-2, -1, 0, Number.NaN, 3) });
  });
});
