import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findMainsHum } from '../../../src/renderer/src/features/plots/mainsHum';
import type { PlotSpectrumFrame } from '../../../src/renderer/src/features/plots/EegDisplay';

/** A spectrum with 1 Hz bins up to 125 Hz: every lane has `floor` µV²/Hz everywhere, plus `hum` at one frequency. */
function spectrumOf(lanes: { name: string; humHz: number | null; hum: number }[], floor = 1): PlotSpectrumFrame {
  const frequenciesHz = Float32Array.from({ length: 126 }, (_, bin) => bin);
  const power = lanes.map(({ humHz, hum }) => frequenciesHz.map((frequency) => floor + (frequency === humHz ? hum : 0)));
  return { seriesNames: lanes.map((lane) => lane.name), spectrum: { frequenciesHz, power, bandPowers: lanes.map(() => new Float32Array(5)) } };
}

test('a lane whose power is a fifth or more mains hum is named, with the notch that removes it, unless that notch is on', () => {
  // 125 bins of floor 1 µV²/Hz above 1 Hz: a hum of 40 is 24 % of the lane, a hum of 20 is 14 %.
  const spectrum = spectrumOf([
    { name: 'channels.Ch0', humHz: 50, hum: 40 },
    { name: 'channels.Ch1', humHz: 50, hum: 20 },
    { name: 'channels.Ch2', humHz: 60, hum: 40 },
    { name: 'channels.Ch3', humHz: null, hum: 0 },
  ]);
  const shown = ['channels.Ch0', 'channels.Ch1', 'channels.Ch3'];
  assert.deepStrictEqual(
    {
      notchOff: findMainsHum(spectrum, shown, 0),
      notchOn: findMainsHum(spectrum, shown, 50),
      otherMainsShown: findMainsHum(spectrum, ['channels.Ch2', 'channels.Ch3'], 50),
      noSpectrum: findMainsHum(null, shown, 0),
    },
    {
      notchOff: { frequencyHz: 50, laneNames: ['channels.Ch0'] },
      notchOn: null,
      otherMainsShown: { frequencyHz: 60, laneNames: ['channels.Ch2'] },
      noSpectrum: null,
    },
  );
});
