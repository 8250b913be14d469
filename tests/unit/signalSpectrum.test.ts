import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bandPowers, EEG_BANDS } from '../../src/bus/signal/bandPowers';
import { RealFft } from '../../src/bus/signal/realFft';
import { welchPsd, type PowerSpectrum } from '../../src/bus/signal/welchPsd';

const SAMPLE_RATE_HZ = 256;

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function sine(frequencyHz: number, seconds: number, amplitude: number, offset = 0): Float64Array {
  const samples = new Float64Array(seconds * SAMPLE_RATE_HZ);
  for (let index = 0; index < samples.length; index++) {
    samples[index] = offset + amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / SAMPLE_RATE_HZ + 0.3);
  }
  return samples;
}

function psdOrFail(samples: ArrayLike<number>, segmentLength = 256, overlap = 0.5): PowerSpectrum {
  const result = welchPsd(samples, SAMPLE_RATE_HZ, segmentLength, overlap);
  assert.ok(result.ok, 'the spectrum parameters are valid');
  return result.value;
}

/** Sum of density x bin width over the bins within `halfWidthHz` of `centreHz`. */
function powerNear(psd: PowerSpectrum, centreHz: number, halfWidthHz: number): number {
  let sum = 0;
  psd.frequenciesHz.forEach((frequency, bin) => {
    if (Math.abs(frequency - centreHz) <= halfWidthHz) sum += psd.power[bin]!;
  });
  return sum * psd.resolutionHz;
}

describe('real FFT', () => {
  test('matches a direct DFT of random data', () => {
    const random = seededRandom(11);
    for (const size of [2, 8, 64]) {
      const input = Float64Array.from({ length: size }, () => random() * 2 - 1);
      const re = new Float64Array(size / 2 + 1);
      const im = new Float64Array(size / 2 + 1);
      new RealFft(size).forward(input, re, im);
      let largestError = 0;
      for (let k = 0; k <= size / 2; k++) {
        let directRe = 0;
        let directIm = 0;
        for (let n = 0; n < size; n++) {
          directRe += input[n]! * Math.cos((2 * Math.PI * k * n) / size);
          directIm -= input[n]! * Math.sin((2 * Math.PI * k * n) / size);
        }
        largestError = Math.max(largestError, Math.abs(directRe - re[k]!), Math.abs(directIm - im[k]!));
      }
      assert.ok(largestError < 1e-9, `size ${size}: error ${largestError}`);
    }
  });
});

describe('Welch PSD', () => {
  test('a 10 Hz sine peaks at 10 Hz, and its peak bins hold A^2 / 2 of power despite a DC offset', () => {
    const psd = psdOrFail(sine(10, 8, 3, 100));
    const peakBin = psd.power.indexOf(Math.max(...psd.power));
    assert.deepStrictEqual(
      {
        peakHz: psd.frequenciesHz[peakBin],
        peakPower: powerNear(psd, 10, 2).toFixed(6),
        segmentCount: psd.segmentCount,
        binCount: psd.power.length,
      },
      { peakHz: 10, peakPower: (3 ** 2 / 2).toFixed(6), segmentCount: 15, binCount: 129 },
    );
  });

  test('a sine between bins still totals A^2 / 2 within 1 % over its peak bins', () => {
    const psd = psdOrFail(sine(10.37, 8, 2));
    const power = powerNear(psd, 10.37, 4);
    assert.ok(Math.abs(power / 2 - 1) < 0.01, `power ${power}, expected 2`);
  });

  test('parameters that cannot work are refused with a plain sentence', () => {
    assert.deepStrictEqual([welchPsd(new Float64Array(100), 256, 100, 0.5), welchPsd(new Float64Array(100), 256, 128, 0.5)], [
      {
        ok: false,
        error: {
          code: 'INVALID',
          message: 'The spectrum segment length must be a power of two from 8 to 65536 samples; got 100.',
          field: 'segmentLength',
        },
      },
      {
        ok: false,
        error: {
          code: 'INVALID',
          message: 'A spectrum with 128-sample segments needs at least 128 samples; only 100 were given.',
          field: 'samples',
        },
      },
    ]);
  });
});

describe('band powers', () => {
  test('the band table is the classic EEG bands', () => {
    assert.deepStrictEqual(
      EEG_BANDS.map((band) => `${band.symbol} ${band.lowHz}-${band.highHz}`),
      ['δ 1-4', 'θ 4-8', 'α 8-13', 'β 13-30', 'γ 30-45'],
    );
  });

  test('a 10 Hz sine with a little noise is dominated by alpha', () => {
    const random = seededRandom(5);
    const samples = sine(10, 8, 20).map((sample) => sample + (random() - 0.5) * 4);
    const powers = bandPowers(psdOrFail(samples));
    const total = powers.reduce((sum, power) => sum + power, 0);
    const dominant = EEG_BANDS[powers.indexOf(Math.max(...powers))]!.name;
    assert.deepStrictEqual({ dominant, isOver95Percent: powers[2]! / total > 0.95 }, { dominant: 'alpha', isOver95Percent: true });
  });
});
