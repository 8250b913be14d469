import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanBandPowers } from '../../../src/renderer/src/features/plots/eegBands';
import { formatAge, formatAxisTicks, formatDecade, formatPlotValue, formatRate, formatWindow } from '../../../src/renderer/src/features/plots/formatPlotValue';
import { withoutCutLabels } from '../../../src/renderer/src/features/plots/timeTicks';
import { seriesLabel } from '../../../src/renderer/src/features/plots/seriesLabel';
import { lastValues, seriesUnit, telemetryColumns } from '../../../src/renderer/src/features/plots/telemetrySeries';
import { compareNatural } from '../../../src/renderer/src/features/plots/telemetrySources';

test('series are named by their last key and get the units of the lab fields', () => {
  const paths = ['data.telemetry.temperature', 'data.telemetry.humidity', 'data.telemetry.co2', 'data.telemetry.tvoc', 'data.data.ph', 'channels["Fp1.ref"]', 'values[3]', 'load'];
  assert.deepStrictEqual(
    paths.map((path) => [seriesLabel(path), seriesUnit(path)]),
    [
      ['temperature', '°C'],
      ['humidity', '% RH'],
      ['co2', 'ppm'],
      ['tvoc', 'ppb'],
      ['ph', 'pH'],
      ['Fp1.ref', ''],
      ['3', ''],
      ['load', ''],
    ],
  );
});

test('telemetry columns turn NaN into null, start at the clear time, and the legend finds each series newest value', () => {
  const x = Float64Array.from([10, 11, 12, 13]);
  const ys = [Float32Array.from([1, Number.NaN, 3, Number.NaN]), Float32Array.from([5, 6, 7, 8])];
  const columns = telemetryColumns(x, ys, 11);
  assert.deepStrictEqual(
    { x: [...columns.x], ys: columns.ys, last: lastValues(columns.ys), lastAll: lastValues(ys), none: lastValues([Float32Array.from([Number.NaN])]) },
    { x: [11, 12, 13], ys: [[null, 3, null], [6, 7, 8]], last: [3, 8], lastAll: [3, 8], none: [null] },
  );
});


test('channels sort naturally', () => {
  assert.deepStrictEqual(['user:demo10:raw', 'user:demo2:raw', 'user:demo1:raw'].sort(compareNatural), ['user:demo1:raw', 'user:demo2:raw', 'user:demo10:raw']);
});

test('readouts are short and grouped', () => {
  assert.deepStrictEqual(
    [formatPlotValue(49_437.4), formatPlotValue(23.456), formatPlotValue(0.01234), formatPlotValue(0), formatPlotValue(Number.NaN), formatRate(999.6), formatRate(12.34), formatWindow(10), formatWindow(300), formatWindow(86_400)],
    ['49,437', '23.5', '0.0123', '0', '–', '1,000 Hz', '12.3 Hz', '10 s', '5 min', '24 h'],
  );
});

test('band power of all shown lanes is their mean per band', () => {
  assert.deepStrictEqual(meanBandPowers([Float32Array.from([1, 2, 3, 4, 5]), Float32Array.from([3, 2, 1, 0, 5])]), [2, 2, 2, 2, 5]);
});

test('a lane with no finite values has unknown band powers: left out of the mean, and NaN alone (unavailable, not 0)', () => {
  const unknown = new Float32Array(5).fill(Number.NaN);
  assert.deepStrictEqual(
    { mixed: meanBandPowers([Float32Array.from([1, 2, 3, 4, 5]), unknown]), alone: meanBandPowers([unknown]) },
    { mixed: [1, 2, 3, 4, 5], alone: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN] },
  );
});

test('log axis decades never read the same, and an age reads in words', () => {
  assert.deepStrictEqual([1e-6, 1e-4, 1e-3, 0.01, 0.1, 1, 1000, 1e5].map(formatDecade), ['1e-6', '1e-4', '1e-3', '0.01', '0.1', '1', '1,000', '1e5']);
  assert.deepStrictEqual([0.2, 12.7, 250, 9000].map(formatAge), ['just now', '12 s ago', '4 min ago', '2 h ago']);
});

test('a time label too near the right end to be shown whole is left out', () => {
  assert.deepStrictEqual(withoutCutLabels(['a', 'b', 'c'], [100, 900, 990], 1000, 12), ['a', 'b', '']);
});

test('axis ticks all carry the decimals their step needs, thousands grouped', () => {
  assert.deepStrictEqual(formatAxisTicks([59.1, 59.15, 59.2, 59.25, 59.3], 0.05), ['59.10', '59.15', '59.20', '59.25', '59.30']);
  assert.deepStrictEqual(formatAxisTicks([36.862, 36.864, 36.866], 0.002), ['36.862', '36.864', '36.866']);
  assert.deepStrictEqual(formatAxisTicks([49_585, 49_585.5, 49_586], 0.5), ['49,585.0', '49,585.5', '49,586.0']);
  assert.deepStrictEqual(formatAxisTicks([0, 25, 50, 75, 100], 25), ['0', '25', '50', '75', '100']);
  assert.deepStrictEqual(formatAxisTicks([0.1 + 0.2, 0.4], 0.1), ['0.3', '0.4']);
});
