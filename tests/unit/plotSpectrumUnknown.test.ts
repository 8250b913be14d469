import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpectrumBuilder } from '../../src/bus/plots/spectrumBuilder';
import { SampleRing } from '../../src/bus/signal/sampleRing';

test('a channel with no finite value in the window has unknown power and band powers (NaN), not zero; its neighbours keep theirs', () => {
  const rateHz = 100;
  const ring = new SampleRing(400, 2);
  for (let sample = 0; sample < 400; sample++) ring.push(sample * 10, [10 * Math.sin((2 * Math.PI * 10 * sample) / rateHz), Number.NaN]);
  const spectrum = new SpectrumBuilder().build(ring, 0, ring.length, [0, 1], rateHz, 0);
  assert.ok(spectrum);
  assert.deepStrictEqual(
    {
      finiteBands: [...spectrum.bandPowers[0]!].every(Number.isFinite),
      alphaDominates: spectrum.bandPowers[0]![2]! > 10 * spectrum.bandPowers[0]![1]!,
      unknownBands: [...spectrum.bandPowers[1]!],
      unknownPower: [...spectrum.power[1]!].every(Number.isNaN),
      nyquistHz: spectrum.frequenciesHz[spectrum.frequenciesHz.length - 1],
    },
    { finiteBands: true, alphaDominates: true, unknownBands: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN], unknownPower: true, nyquistHz: 50 },
  );
});
