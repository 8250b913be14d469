import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AlignedMinMaxDecimator, alignedOutputCapacity } from '../../src/bus/plots/alignedDecimation';
import { decimateMinMax, minMaxOutputCapacity } from '../../src/bus/signal/minMaxDecimation';

/** A repeatable pseudo-random walk with a few silences, 1 kHz timestamps in ms. */
function signal(count: number, seed: number): { times: Float64Array; values: Float32Array } {
  const times = new Float64Array(count);
  const values = new Float32Array(count);
  let state = seed;
  let level = 0;
  let time = 1_000_000;
  for (let index = 0; index < count; index++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    level += (state / 2_147_483_648 - 0.5) * 4;
    time += index % 1500 === 1499 ? 300 : 1;
    times[index] = time;
    values[index] = level;
  }
  return { times, values };
}

function aligned(
  times: Float64Array,
  series: Float32Array[],
  fromMs: number,
  toMs: number,
  columns: number,
  maxGapMs: number,
  blockSize: number = times.length,
): { x: number[]; ys: number[][]; isDecimated: boolean } {
  const decimator = new AlignedMinMaxDecimator();
  decimator.begin(fromMs, toMs, columns, series.length, times.length, maxGapMs);
  for (let start = 0; start < times.length; start += blockSize) {
    const end = Math.min(times.length, start + blockSize);
    decimator.addBlock(times.subarray(start, end), series.map((values) => values.subarray(start, end)), 0, end - start, start);
  }
  const result = decimator.finish();
  return { x: [...result.x], ys: result.ys.map((column) => [...column]), isDecimated: result.isDecimated };
}

describe('aligned min/max decimation', () => {
  test('with one series it keeps exactly the values decimateMinMax keeps, gaps included', () => {
    const { times, values } = signal(10_000, 7);
    const fromMs = times[1200]!;
    const toMs = times[8800]!;
    const outX = new Float64Array(minMaxOutputCapacity(333));
    const outY = new Float64Array(minMaxOutputCapacity(333));
    const count = decimateMinMax(times, values, 0, times.length, fromMs, toMs, 333, outX, outY, 3);
    const expected = [...outY.subarray(0, count)].map((value) => (Number.isNaN(value) ? 'gap' : Math.fround(value)));
    const result = aligned(times, [values], fromMs, toMs, 333, 3);
    assert.deepStrictEqual(
      result.ys[0]!.map((value) => (Number.isNaN(value) ? 'gap' : value)),
      expected,
    );
  });

  test('blocks of any size give the same columns as one block', () => {
    const { times, values } = signal(6_000, 3);
    const second = values.map((value) => -value);
    const whole = aligned(times, [values, second], times[100]!, times[5900]!, 250, 3);
    assert.deepStrictEqual(
      { small: aligned(times, [values, second], times[100]!, times[5900]!, 250, 3, 97), odd: aligned(times, [values, second], times[100]!, times[5900]!, 250, 3, 1024) },
      { small: whole, odd: whole },
    );
  });

  test('output stays within 3 points per column plus edges for every width, and raw samples pass unreduced', () => {
    const { times, values } = signal(20_000, 11);
    const lengths = [16, 100, 1000, 4000].map((columns) => {
      const result = aligned(times, [values], times[0]!, times[19_999]!, columns, 3);
      return result.x.length <= alignedOutputCapacity(columns, 20_000) && result.x.length <= 3 * (columns + 2) && result.isDecimated;
    });
    const few = aligned(times.subarray(0, 50), [values.subarray(0, 50)], times[0]!, times[49]!, 100, 3);
    assert.deepStrictEqual(
      { lengths, fewLength: few.x.length, fewYs: few.ys[0], fewIsDecimated: few.isDecimated },
      { lengths: [true, true, true, true], fewLength: 50, fewYs: [...values.subarray(0, 50)], fewIsDecimated: false },
    );
  });

  test('a series with no value in a column shows NaN there, the others keep theirs, and edges are kept', () => {
    const times = Float64Array.from({ length: 12 }, (_, index) => index * 10);
    const full = Float32Array.from({ length: 12 }, (_, index) => index);
    const holed = Float32Array.from(full, (value, index) => (index >= 4 && index < 8 ? Number.NaN : value));
    // 12 samples, 2 columns over [10, 100]: raw would be 13 points, so it decimates; edges at t=0 and t=110.
    const decimator = new AlignedMinMaxDecimator();
    decimator.begin(10, 100, 3, 2, 12, Number.POSITIVE_INFINITY);
    decimator.addBlock(times, [full, holed], 0, 12);
    const result = decimator.finish();
    assert.deepStrictEqual(
      { x: [...result.x].map((x) => x * 1000), full: [...result.ys[0]!], holed: [...result.ys[1]!] },
      {
        x: [0, 10, 30, 40, 60, 70, 100, 110],
        full: [0, 1, 3, 4, 6, 7, 10, 11],
        holed: [0, 1, 3, Number.NaN, Number.NaN, 8, 10, 11],
      },
    );
  });
});
