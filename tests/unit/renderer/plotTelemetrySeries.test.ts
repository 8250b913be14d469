import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanBandPowers } from '../../../src/renderer/src/features/plots/eegBands';
import { formatPlotValue, formatRate, formatWindow } from '../../../src/renderer/src/features/plots/formatPlotValue';
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
