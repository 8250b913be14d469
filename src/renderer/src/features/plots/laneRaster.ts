/**
 * Draws EEG lanes as pixels: one device pixel wide, no anti-aliasing,
 * straight into a 32-bit pixel buffer that the chart then copies onto its
 * canvas in one drawImage.
 *
 * Each line segment is drawn column by column as vertical runs, so the
 * common case of decimated data (several points in one pixel column, the
 * next point one column on) costs one run per point, and a sparse trace
 * (fewer samples than columns) is still a connected line.
 * Motivation: with 64 lanes x 2,600 points, building the Path2D for
 * stroke() took about 9.5 ms of an 11.5 ms draw in this Chromium (one
 * native call per point), and the hairline raster came on top; writing
 * the same pixels from JavaScript took a fraction of that.
 */

/** The lanes' geometry for one draw, in buffer pixels (0, 0 = the plot area's top left). */
export interface LaneRasterInput {
  /** Buffer size in device pixels. */
  width: number;
  height: number;
  /** x pixel of each point (may lie outside the buffer at the edges). */
  xPixels: Int32Array;
  length: number;
  /** 0xAABBGGRR as a little-endian Uint32 (use packColor). */
  color: number;
}

/** '#1d2733' → the Uint32 a little-endian RGBA buffer holds for that colour, fully opaque. */
export function packColor(hex: string): number {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  const red = (value >> 16) & 0xff;
  const green = (value >> 8) & 0xff;
  const blue = value & 0xff;
  return ((0xff << 24) | (blue << 16) | (green << 8) | red) >>> 0;
}

/**
 * Draws one lane: `values[i]` at y = centre − (value − offset) × pxPerUnit,
 * joined point to point; NaN lifts the pen. x must not decrease (a step
 * back lifts the pen too).
 *
 * A segment between columns gives each column the rows whose centres the
 * line crosses inside that column (half-open, so two columns never both
 * take a boundary row, and a 45° line is one pixel per column), or the row
 * at the column's centre when it crosses none. Each column's run is
 * gathered before it is written (the points in the column and the segment
 * halves that enter and leave it), so a pixel is written once per lane
 * however many points share its column.
 *
 * Only rows bandTop..bandBottom (inclusive) are written: a lane stays in its
 * own band, so a large trace (mains hum on a lane with the notch off) is cut
 * at its lane's edge instead of painting over its neighbours.
 */
export function rasterizeLane(
  pixels: Uint32Array,
  input: LaneRasterInput,
  values: Float32Array,
  centre: number,
  offset: number,
  pxPerUnit: number,
  bandTop: number = 0,
  bandBottom: number = input.height - 1,
): void {
  const { width, xPixels, length, color } = input;
  const firstRow = Math.max(0, bandTop);
  const endRow = Math.min(input.height, bandBottom + 1);
  // Far-off values are pinned just outside the band: the run reaches its edge and stops there.
  const lowest = firstRow - 1;
  const highest = endRow;
  let hasPrevious = false;
  let previousX = 0;
  let previousY = 0;
  let runTop = 0;
  let runBottom = -1;
  for (let index = 0; index < length; index++) {
    const value = values[index]!;
    if (!(value === value)) {
      if (hasPrevious) drawRun(pixels, width, firstRow, endRow, previousX, runTop, runBottom, color);
      hasPrevious = false;
      continue;
    }
    let y = Math.round(centre - (value - offset) * pxPerUnit);
    if (y < lowest) y = lowest;
    else if (y > highest) y = highest;
    const x = xPixels[index]!;
    if (hasPrevious && x === previousX) {
      if (y < runTop) runTop = y;
      else if (y > runBottom) runBottom = y;
    } else if (hasPrevious && x > previousX) {
      const slope = (y - previousY) / (x - previousX);
      if (slope > 0) {
        // Leaving the previous column downwards: rows from its point to just above the boundary crossing.
        const leaving = Math.ceil(previousY + slope * 0.5) - 1;
        if (leaving > runBottom) runBottom = leaving;
      } else if (slope < 0) {
        const leaving = Math.floor(previousY + slope * 0.5) + 1;
        if (leaving < runTop) runTop = leaving;
      }
      drawRun(pixels, width, firstRow, endRow, previousX, runTop, runBottom, color);
      for (let column = previousX + 1; column < x; column++) {
        const step = column - previousX;
        const entry = previousY + slope * (step - 0.5);
        const exit = previousY + slope * (step + 0.5);
        let top = slope > 0 ? Math.ceil(entry) : Math.floor(exit) + 1;
        let bottom = slope > 0 ? Math.ceil(exit) - 1 : Math.floor(entry);
        if (top > bottom) {
          top = Math.round(previousY + slope * step);
          bottom = top;
        }
        drawRun(pixels, width, firstRow, endRow, column, top, bottom, color);
      }
      runTop = y;
      runBottom = y;
      if (slope > 0) runTop = Math.min(y, Math.ceil(y - slope * 0.5));
      else if (slope < 0) runBottom = Math.max(y, Math.floor(y - slope * 0.5));
    } else {
      if (hasPrevious) drawRun(pixels, width, firstRow, endRow, previousX, runTop, runBottom, color);
      runTop = y;
      runBottom = y;
    }
    hasPrevious = true;
    previousX = x;
    previousY = y;
  }
  if (hasPrevious) drawRun(pixels, width, firstRow, endRow, previousX, runTop, runBottom, color);
}

/** Rows top..bottom of column x, cut to rows firstRow..endRow - 1. */
function drawRun(pixels: Uint32Array, width: number, firstRow: number, endRow: number, x: number, top: number, bottom: number, color: number): void {
  if (x < 0 || x >= width) return;
  const from = top < firstRow ? firstRow : top;
  const to = bottom >= endRow ? endRow - 1 : bottom;
  for (let row = from, at = from * width + x; row <= to; row++, at += width) pixels[at] = color;
}
