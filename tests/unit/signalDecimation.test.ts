import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateMinMax, minMaxOutputCapacity } from '../../src/bus/signal/minMaxDecimation';

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Points {
  x: number[];
  y: number[];
}

function decimate(
  xs: Float64Array,
  ys: Float64Array | Float32Array,
  xFrom: number,
  xTo: number,
  columns: number,
  maxGapX?: number,
): Points {
  const outX = new Float64Array(minMaxOutputCapacity(columns));
  const outY = new Float64Array(minMaxOutputCapacity(columns));
  const count = decimateMinMax(xs, ys, 0, xs.length, xFrom, xTo, columns, outX, outY, maxGapX);
  return { x: Array.from(outX.subarray(0, count)), y: Array.from(outY.subarray(0, count)) };
}

/**
 * The definition, written the slow way: per column, the first sample holding
 * the column's minimum and the first holding its maximum, in time order;
 * plus the nearest sample outside each edge.
 */
function bruteForce(xs: Float64Array, ys: Float64Array, xFrom: number, xTo: number, columns: number): Points {
  const byColumn = new Map<number, number[]>();
  const before: number[] = [];
  const after: number[] = [];
  xs.forEach((x, index) => {
    if (x < xFrom) before.push(index);
    else if (x > xTo) after.push(index);
    else {
      const column = Math.min(Math.floor(((x - xFrom) * columns) / (xTo - xFrom)), columns - 1);
      byColumn.set(column, [...(byColumn.get(column) ?? []), index]);
    }
  });
  const chosen: number[] = [];
  if (before.length > 0) chosen.push(before[before.length - 1]!);
  for (const column of [...byColumn.keys()].sort((a, b) => a - b)) {
    const indices = byColumn.get(column)!;
    const values = indices.map((index) => ys[index]!);
    const minIndex = indices[values.indexOf(Math.min(...values))]!;
    const maxIndex = indices[values.indexOf(Math.max(...values))]!;
    chosen.push(...new Set([minIndex, maxIndex].sort((a, b) => a - b)));
  }
  if (after.length > 0) chosen.push(after[0]!);
  return { x: chosen.map((index) => xs[index]!), y: chosen.map((index) => ys[index]!) };
}

describe('min/max decimation', () => {
  test('a one-sample spike (and dip) among 10,000 samples survives 300 columns', () => {
    const xs = Float64Array.from({ length: 10_000 }, (_, index) => index);
    const ys = new Float32Array(10_000);
    ys[5432] = 1000;
    ys[777] = -500;
    const { x, y } = decimate(xs, ys, 0, 9999, 300);
    const top = y.indexOf(Math.max(...y));
    const bottom = y.indexOf(Math.min(...y));
    assert.deepStrictEqual(
      { max: y[top], xOfMax: x[top], min: y[bottom], xOfMin: x[bottom], fewerPoints: x.length <= 600 },
      { max: 1000, xOfMax: 5432, min: -500, xOfMin: 777, fewerPoints: true },
    );
  });

  test('matches the brute-force definition on random irregular data, edges included', () => {
    const random = seededRandom(42);
    const length = 5000;
    const xs = new Float64Array(length);
    const ys = new Float64Array(length);
    let x = 1_700_000_000_000;
    for (let index = 0; index < length; index++) {
      x += 1 + Math.floor(random() * 4);
      xs[index] = x;
      ys[index] = Math.round((random() - 0.5) * 2000) / 10;
    }
    for (const columns of [1, 7, 97, 640, 4000]) {
      const xFrom = xs[300]! + 0.5;
      const xTo = xs[4700]! - 0.5;
      assert.deepStrictEqual(decimate(xs, ys, xFrom, xTo, columns), bruteForce(xs, ys, xFrom, xTo, columns), `${columns} columns`);
    }
  });

  test('a NaN sample or a time gap wider than maxGapX breaks the line with one NaN point', () => {
    const xs = Float64Array.of(0, 1, 2, 3, 10, 11, 12);
    const ys = Float64Array.of(1, 2, Number.NaN, 3, 4, 5, 6);
    assert.deepStrictEqual(decimate(xs, ys, 0, 13, 13, 2), {
      x: [0, 1, 2, 3, 6.5, 10, 11, 12],
      y: [1, 2, Number.NaN, 3, Number.NaN, 4, 5, 6],
    });
  });

  test('a gap narrower than one pixel column is not drawn', () => {
    const xs = Float64Array.of(0, 1, 2, 3, 10, 11, 12);
    const ys = Float64Array.of(1, 2, Number.NaN, 3, 4, 5, 6);
    assert.deepStrictEqual(decimate(xs, ys, 0, 14, 2, 2), {
      x: [0, 3, 6.5, 10, 12],
      y: [1, 3, Number.NaN, 4, 6],
    });
  });

  test('never writes more than minMaxOutputCapacity points, whatever the gaps or the order', () => {
    const random = seededRandom(3);
    const columns = 5;
    const counts: number[] = [];
    for (let round = 0; round < 200; round++) {
      const length = 1 + Math.floor(random() * 60);
      const xs = new Float64Array(length);
      const ys = new Float64Array(length);
      for (let index = 0; index < length; index++) {
        // Every fourth round is unsorted: bad input may draw badly but must stay bounded.
        xs[index] = round % 4 === 3 ? random() * 60 - 10 : (index > 0 ? xs[index - 1]! : -10) + random() * 3;
        ys[index] = random() < 0.3 ? Number.NaN : random();
      }
      counts.push(decimate(xs, ys, 0, 40, columns, random() * 2).x.length);
    }
    const largest = Math.max(...counts);
    assert.ok(largest <= minMaxOutputCapacity(columns), `largest ${largest}`);
  });

  test('output arrays smaller than the capacity are a programming error', () => {
    const xs = Float64Array.of(0, 1);
    assert.throws(
      () => decimateMinMax(xs, xs, 0, 2, 0, 1, 10, new Float64Array(10), new Float64Array(10)),
      RangeError,
    );
  });
});
