import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AutoScaleHold,
  computeLaneTransforms,
  createLaneTransforms,
  idealMicrovoltsPerDivision,
  moveLane,
  orderedLaneNames,
  stepGain,
  visibleLanes,
  type LaneDisplaySettings,
} from '../../../src/renderer/src/features/plots/eegLaneLayout';
import { LaneStatistics } from '../../../src/renderer/src/features/plots/laneStatistics';

const NAMES = ['channels.Ch0', 'channels.Ch1', 'channels.Ch2', 'channels.Ch3'];

function statisticsOf(columns: number[][]): LaneStatistics {
  const statistics = new LaneStatistics();
  statistics.measure(columns.map((column) => Float32Array.from(column)));
  return statistics;
}

describe('lane order and visibility', () => {
  test('the chosen order comes first, unknown names are ignored, hidden lanes are left out', () => {
    const settings: LaneDisplaySettings = {
      order: ['channels.Ch2', 'channels.Gone', 'channels.Ch0'],
      lanes: { 'channels.Ch3': { gain: 1, isAutoscaled: false, isHidden: true } },
    };
    assert.deepStrictEqual(visibleLanes(NAMES, settings), [
      { seriesIndex: 2, name: 'channels.Ch2' },
      { seriesIndex: 0, name: 'channels.Ch0' },
      { seriesIndex: 1, name: 'channels.Ch1' },
    ]);
  });

  test('moving a lane swaps it with its neighbour and stops at the ends', () => {
    assert.deepStrictEqual(
      [moveLane(NAMES, [], 'channels.Ch2', -1), moveLane(NAMES, [], 'channels.Ch0', -1), orderedLaneNames(NAMES, ['channels.Ch3'])],
      [
        ['channels.Ch0', 'channels.Ch2', 'channels.Ch1', 'channels.Ch3'],
        ['channels.Ch0', 'channels.Ch1', 'channels.Ch2', 'channels.Ch3'],
        ['channels.Ch3', 'channels.Ch0', 'channels.Ch1', 'channels.Ch2'],
      ],
    );
  });

  test('gain doubles and halves within 1/16 and 16', () => {
    assert.deepStrictEqual([stepGain(1, 1), stepGain(1, -1), stepGain(16, 1), stepGain(1 / 16, -1)], [2, 0.5, 16, 1 / 16]);
  });
});

describe('scale', () => {
  test('statistics skip gap points (NaN) and measure RMS about the mean', () => {
    const statistics = statisticsOf([
      [10, 12, Number.NaN, 8, 10],
      [Number.NaN, Number.NaN],
    ]);
    assert.deepStrictEqual(
      {
        mean: [...statistics.mean.subarray(0, 2)],
        rms: [...statistics.rms.subarray(0, 2)].map((value) => Number(value.toFixed(6))),
        min: [...statistics.min.subarray(0, 2)],
        max: [...statistics.max.subarray(0, 2)],
        count: [...statistics.count.subarray(0, 2)],
      },
      { mean: [10, 0], rms: [Number(Math.sqrt(2).toFixed(6)), 0], min: [8, Number.NaN], max: [12, Number.NaN], count: [4, 0] },
    );
  });

  test('auto picks the smallest preset that holds ±2 RMS of the median lane', () => {
    // RMS 10 µV (a ±10 square wave) → 40 µV of trace → the 50 µV/div preset.
    const square = Array.from({ length: 100 }, (_, index) => (index % 2 === 0 ? 10 : -10));
    const statistics = statisticsOf([square, square, square.map((value) => value * 100)]);
    const lanes = visibleLanes(['a', 'b', 'c'], { order: [], lanes: {} });
    assert.deepStrictEqual([idealMicrovoltsPerDivision(lanes, statistics), idealMicrovoltsPerDivision([], statistics)], [50, null]);
  });

  test('the auto scale changes only after the new ideal held for the hold count', () => {
    const hold = new AutoScaleHold(3);
    assert.deepStrictEqual(
      [50, 100, 100, null, 50, 200, 200, 200].map((ideal) => hold.update(ideal)),
      [50, 50, 50, 50, 50, 50, 50, 200],
    );
  });

  test('lanes stack top to bottom, centred on their mean, with gain and per-lane autoscale', () => {
    const square = Array.from({ length: 100 }, (_, index) => (index % 2 === 0 ? 110 : 90));
    const statistics = statisticsOf([square, square, square]);
    const settings: LaneDisplaySettings = {
      order: [],
      lanes: { b: { gain: 2, isAutoscaled: false, isHidden: false }, c: { gain: 1, isAutoscaled: true, isHidden: false } },
    };
    const transforms = computeLaneTransforms(visibleLanes(['a', 'b', 'c'], settings), statistics, settings, 50, 10, 300, createLaneTransforms());
    assert.deepStrictEqual(
      {
        count: transforms.count,
        centerPx: [...transforms.centerPx.subarray(0, 3)],
        offset: [...transforms.offset.subarray(0, 3)],
        microvoltsPerDivision: [...transforms.microvoltsPerDivision.subarray(0, 3)],
        pxPerMicrovolt: [...transforms.pxPerMicrovolt.subarray(0, 3)],
      },
      { count: 3, centerPx: [60, 160, 260], offset: [100, 100, 100], microvoltsPerDivision: [50, 25, 40], pxPerMicrovolt: [2, 4, 2.5] },
    );
  });
});
