import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packColor, rasterizeLane } from '../../../src/renderer/src/features/plots/laneRaster';

const INK = packColor('#102030');

/** The buffer as rows of '#' (drawn) and '.' (empty), top row first. */
function picture(pixels: Uint32Array, width: number): string[] {
  const rows: string[] = [];
  for (let start = 0; start < pixels.length; start += width) {
    rows.push([...pixels.subarray(start, start + width)].map((pixel) => (pixel === INK ? '#' : '.')).join(''));
  }
  return rows;
}

function draw(width: number, height: number, xs: number[], values: number[]): string[] {
  const pixels = new Uint32Array(width * height);
  rasterizeLane(pixels, { width, height, xPixels: Int32Array.from(xs), length: xs.length, color: INK }, Float32Array.from(values), 2, 0, 1);
  return picture(pixels, width);
}

test('colours pack as little-endian RGBA words, fully opaque', () => {
  assert.equal(INK, 0xff302010);
});

test('points in one column become one vertical run, and columns are joined', () => {
  // y = 2 − value: values 2 and −2 in column 0 span rows 0..4; the climb to row 2 crosses row 3 in column 1.
  assert.deepStrictEqual(draw(3, 5, [0, 0, 1, 2], [2, -2, 0, 0]), ['#..', '#..', '###', '##.', '#..']);
});

test('a sparse trace is a connected line one pixel per column at 45°, a gap (NaN) lifts the pen, off-buffer points are clipped', () => {
  assert.deepStrictEqual(draw(8, 5, [0, 4, 5, 6, 9], [2, -2, Number.NaN, 0, 50]), ['#.......', '.#.....#', '..#...#.', '...#....', '....#...']);
});

test('a shallow line takes one row per column', () => {
  assert.deepStrictEqual(draw(9, 3, [0, 8], [2, 0]), ['##.......', '..####...', '......###']);
});

test('a single-sample spike among flat samples still reaches its full height', () => {
  assert.deepStrictEqual(draw(5, 5, [0, 1, 2, 3, 4], [0, 0, 2, 0, 0]), ['..#..', '..##.', '##.##', '.....', '.....']);
});

test('a lane draws only inside its own band: a trace too large for it is cut at its edges, not drawn over its neighbours', () => {
  const width = 3;
  const height = 6;
  const pixels = new Uint32Array(width * height);
  // Centre row 2, band rows 1..3; the values swing far beyond it, and the runs toward them stop at the band's edges.
  rasterizeLane(pixels, { width, height, xPixels: Int32Array.from([0, 1, 2]), length: 3, color: INK }, Float32Array.from([0, 100, -100]), 2, 0, 1, 1, 3);
  assert.deepStrictEqual(picture(pixels, width), ['...', '.#.', '#.#', '..#', '...', '...']);
});
