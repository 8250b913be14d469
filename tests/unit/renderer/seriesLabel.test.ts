import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriesLabel } from '../../../src/renderer/src/features/plots/seriesLabel';

test('a series is labelled on screen by the last key of its path, as the shared field-path module reads it', () => {
  const names = ['channels.Ch3', 'data.telemetry.co2', 'data["sensor.temp"]', 'data["q\\"uote"]', "data['two words']", 'items[3]', 'channels.*', 'not a path'];
  assert.deepStrictEqual(names.map(seriesLabel), ['Ch3', 'co2', 'sensor.temp', 'q"uote', 'two words', '3', '*', 'not a path']);
});
