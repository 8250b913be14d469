import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateMinMax, minMaxOutputCapacity } from '../../src/bus/signal/minMaxDecimation';
import { createSampleRing, SampleRing, type IndexRange } from '../../src/bus/signal/sampleRing';

function contents(ring: SampleRing, range: IndexRange): { times: number[]; channels: number[][] } {
  return {
    times: Array.from(ring.timestamps.subarray(range.start, range.end)),
    channels: Array.from({ length: ring.channelCount }, (_, channel) =>
      Array.from(ring.channel(channel).subarray(range.start, range.end)),
    ),
  };
}

describe('sample ring', () => {
  test('keeps the newest samples, counts the overwritten ones, and reads a wrapped range contiguously', () => {
    const ring = new SampleRing(4, 2);
    for (let step = 1; step <= 6; step++) ring.push(step * 10, [step, -step]);
    const range: IndexRange = { start: 0, end: 0 };
    assert.deepStrictEqual(
      {
        held: contents(ring, ring.held(range)),
        middle: contents(ring, ring.locate(35, 55, range)),
        overwritten: ring.overwrittenCount,
        length: ring.length,
      },
      {
        held: { times: [30, 40, 50, 60], channels: [[3, 4, 5, 6], [-3, -4, -5, -6]] },
        middle: { times: [40, 50], channels: [[4, 5], [-4, -5]] },
        overwritten: 2,
        length: 4,
      },
    );
  });

  test('range edges are inclusive, and a range outside the history is empty', () => {
    const ring = new SampleRing(8, 1);
    for (let step = 0; step < 5; step++) ring.push(100 + step, [step]);
    const range: IndexRange = { start: 0, end: 0 };
    const inclusive = contents(ring, ring.locate(101, 103, range)).times;
    const before = ring.locate(0, 99, range);
    const emptyBefore = before.end - before.start;
    const after = ring.locate(200, 300, range);
    assert.deepStrictEqual({ inclusive, emptyBefore, emptyAfter: after.end - after.start }, {
      inclusive: [101, 102, 103],
      emptyBefore: 0,
      emptyAfter: 0,
    });
  });

  test('a missing channel is stored as NaN and a timestamp going backwards is clamped and counted', () => {
    const ring = new SampleRing(4, 3);
    ring.push(10, [1, 2, 3]);
    ring.push(20, [4]);
    ring.push(15, [5, 6, 7]);
    const range: IndexRange = { start: 0, end: 0 };
    assert.deepStrictEqual(
      { ...contents(ring, ring.held(range)), outOfOrder: ring.outOfOrderCount },
      {
        times: [10, 20, 20],
        channels: [[1, 4, 5], [2, Number.NaN, 6], [3, Number.NaN, 7]],
        outOfOrder: 1,
      },
    );
  });

  test('decimation reads a wrapped range in place and gives what it gives on a plain copy', () => {
    const ring = new SampleRing(1000, 2);
    for (let step = 0; step < 1700; step++) ring.push(step, [Math.sin(step / 17) * 100, step % 97]);
    const range = ring.locate(900, 1600, { start: 0, end: 0 });
    const columns = 50;
    const capacity = minMaxOutputCapacity(columns);
    const fromRing = { x: new Float64Array(capacity), y: new Float64Array(capacity) };
    const fromCopy = { x: new Float64Array(capacity), y: new Float64Array(capacity) };
    const ringCount = decimateMinMax(ring.timestamps, ring.channel(0), range.start, range.end, 1000, 1500, columns, fromRing.x, fromRing.y);
    const copiedTimes = Float64Array.from({ length: 701 }, (_, index) => 900 + index);
    const copiedValues = Float32Array.from(copiedTimes, (time) => Math.sin(time / 17) * 100);
    const copyCount = decimateMinMax(copiedTimes, copiedValues, 0, copiedTimes.length, 1000, 1500, columns, fromCopy.x, fromCopy.y);
    assert.deepStrictEqual(
      { count: ringCount, x: fromRing.x, y: fromRing.y, isWrapped: range.end > ring.capacity },
      { count: copyCount, x: fromCopy.x, y: fromCopy.y, isWrapped: true },
    );
  });

  test('a history too large for memory is refused with a plain sentence', () => {
    assert.deepStrictEqual(createSampleRing(10_000_000, 64), {
      ok: false,
      error: {
        code: 'INVALID',
        message: 'Keeping 10000000 samples of 64 channels would take 5036 MB; shorten the history or plot fewer channels.',
        field: 'capacity',
      },
    });
  });
});
