/**
 * Peak-preserving decimation for many series that share one x column, as
 * uPlot's aligned data needs ([x, ...ys], one x for every series).
 *
 * signal/minMaxDecimation.ts reduces one series and places each point at
 * the time of its own minimum or maximum, so two series get two different
 * x columns. Here the pixel columns are found once from the shared
 * timestamps, with the same rule (column = floor((t - from) x columns /
 * (to - from)), the last column closed), and every series writes its min
 * and max into the same two slots per column: x is the time of the
 * column's first and last sample, and each series puts whichever of its
 * min and max came first into the first slot. A one-sample spike still
 * reaches the screen; what moves is its time, by less than a column.
 * With one series the y values equal decimateMinMax's (see the tests).
 *
 * Gaps: consecutive columns whose samples are further apart than maxGapMs
 * get a point with y = NaN between them, so the line breaks (the renderer
 * turns NaN into null for uPlot). A column where a series has only NaN
 * gets NaN for that series. The last sample before `from` and the first
 * after `to` are kept unreduced, so lines run to the plot's edges.
 *
 * When the range holds at most 2 samples per column the samples go out as
 * they are (isDecimated false), still with gap points.
 *
 * Input comes in blocks (addBlock), in time order, so a caller can filter
 * a long history chunk by chunk without holding it filtered in memory.
 *
 * Motivation: the column bounds are found once per frame instead of once
 * per series, and each series then runs one tight min/max loop per column
 * over its contiguous (channel-major) samples.
 */

export interface AlignedColumns {
  /** Epoch seconds. */
  x: Float64Array;
  /** One per series, the length of x. */
  ys: Float32Array[];
  isDecimated: boolean;
}

/** Samples per column at or below which the samples go out unreduced. */
export const RAW_SAMPLES_PER_COLUMN = 2;
const BEFORE = -1;
const AFTER = Number.MAX_SAFE_INTEGER;
const NONE = -2;

/** Output points that always suffice: (columns + 2 edges) x (2 points + 1 gap point); raw: 2 points per sample. */
export function alignedOutputCapacity(pixelColumns: number, sampleCount: number): number {
  const columns = Math.max(1, Math.floor(pixelColumns));
  return sampleCount <= RAW_SAMPLES_PER_COLUMN * columns + 2 ? 2 * sampleCount + 2 : 3 * (columns + 2);
}

/** What a frame of a live chain takes from the chain (AlignedMinMaxDecimator.begin). */
export interface ChainContext {
  isDecimating: boolean;
  /** The last sample before the frame's range (epoch ms), NaN when none. */
  previousSampleMs: number;
}

/** True when `sampleCount` samples over `pixelColumns` columns are reduced to min and max per column. */
export function isDecimationNeeded(sampleCount: number, pixelColumns: number): boolean {
  return sampleCount > RAW_SAMPLES_PER_COLUMN * Math.max(1, Math.floor(pixelColumns)) + 2;
}

export class AlignedMinMaxDecimator {
  private fromMs = 0;
  private toMs = 0;
  private columnCount = 1;
  private columnsPerMs = 0;
  private maxGapMs = Number.POSITIVE_INFINITY;
  private seriesCount = 0;
  private isDecimating = false;
  private capacity = 0;
  private outX = new Float64Array(0);
  /** Series-major: series s's points at [s x capacity, s x capacity + count). */
  private outY = new Float32Array(0);
  private count = 0;

  // The column being filled (time side).
  private openKey = NONE;
  private openFirstMs = 0;
  private openLastMs = 0;
  private openSamples = 0;
  private lastClosedMs = Number.NaN;

  // The column being filled (value side), per series.
  private minValue = new Float64Array(0);
  private maxValue = new Float64Array(0);
  private minAt = new Float64Array(0);
  private maxAt = new Float64Array(0);

  // Segments of the current block: runs of samples in one column.
  private segmentStart = new Int32Array(16);
  private segmentEnd = new Int32Array(16);
  private segmentKey = new Float64Array(16);
  /** Output slot of the column the segment closes, -1 when the column stays open. */
  private segmentSlot = new Int32Array(16);
  private segmentPoints = new Uint8Array(16);
  private segmentIsNewColumn = new Uint8Array(16);
  private segmentCount = 0;

  /**
   * Starts a frame over [fromMs, toMs] for `sampleCount` samples (edges
   * included) in `pixelColumns` columns. `chain` ties the frame to the
   * live frame chain (PlotView): its choice between decimating and raw is
   * the chain's, not this range's, and `previousSampleMs` (NaN when none) is
   * the last sample before `fromMs`, so a gap that spans `fromMs` still gets
   * its break point.
   */
  begin(
    fromMs: number,
    toMs: number,
    pixelColumns: number,
    seriesCount: number,
    sampleCount: number,
    maxGapMs: number,
    chain?: ChainContext,
  ): void {
    this.fromMs = fromMs;
    this.toMs = toMs;
    this.columnCount = Math.max(1, Math.floor(pixelColumns));
    this.columnsPerMs = toMs > fromMs ? this.columnCount / (toMs - fromMs) : 0;
    this.maxGapMs = maxGapMs > 0 ? maxGapMs : Number.POSITIVE_INFINITY;
    this.seriesCount = seriesCount;
    this.isDecimating = chain
      ? chain.isDecimating && toMs > fromMs
      : isDecimationNeeded(sampleCount, this.columnCount) && toMs > fromMs;
    this.count = 0;
    this.openKey = NONE;
    this.lastClosedMs = chain?.previousSampleMs ?? Number.NaN;
    this.ensureOutput(alignedOutputCapacity(this.columnCount, sampleCount));
    if (this.minValue.length < seriesCount) {
      this.minValue = new Float64Array(seriesCount);
      this.maxValue = new Float64Array(seriesCount);
      this.minAt = new Float64Array(seriesCount);
      this.maxAt = new Float64Array(seriesCount);
    }
  }

  /**
   * Adds samples [start, end) of `timestamps` (epoch ms, non-decreasing)
   * and of each series' values (`series[s]`, indexed like timestamps).
   * `ordinalBase + index` must grow across blocks (it orders min and max
   * within a column and keeps unreduced samples apart).
   */
  addBlock(timestamps: Float64Array, series: readonly Float32Array[], start: number, end: number, ordinalBase: number = 0): void {
    if (end <= start) return;
    this.splitIntoSegments(timestamps, start, end, ordinalBase);
    for (let seriesIndex = 0; seriesIndex < this.seriesCount; seriesIndex++) {
      this.reduceSeries(seriesIndex, series[seriesIndex]!, ordinalBase);
    }
  }

  /** Closes the last column and returns the columns in fresh arrays (safe to transfer). */
  finish(): AlignedColumns {
    if (this.openKey !== NONE) {
      const slot = this.closeColumn();
      const points = this.openKey === BEFORE || this.openKey === AFTER ? 1 : this.pointsOfOpenColumn();
      for (let seriesIndex = 0; seriesIndex < this.seriesCount; seriesIndex++) this.writeColumn(seriesIndex, slot, points);
      this.openKey = NONE;
    }
    const count = this.count;
    const x = this.outX.slice(0, count);
    const ys: Float32Array[] = [];
    for (let seriesIndex = 0; seriesIndex < this.seriesCount; seriesIndex++) {
      const offset = seriesIndex * this.capacity;
      ys.push(this.outY.slice(offset, offset + count));
    }
    return { x, ys, isDecimated: this.isDecimating };
  }

  private keyOf(timeMs: number, ordinal: number): number {
    if (timeMs < this.fromMs) return BEFORE;
    if (timeMs > this.toMs) return AFTER;
    if (!this.isDecimating) return ordinal;
    return Math.min(Math.floor((timeMs - this.fromMs) * this.columnsPerMs), this.columnCount - 1);
  }

  private pointsOfOpenColumn(): number {
    return this.openSamples > 1 ? 2 : 1;
  }

  /** Time pass: splits the block into runs of one column and gives every closed column its output slots. */
  private splitIntoSegments(timestamps: Float64Array, start: number, end: number, ordinalBase: number): void {
    this.segmentCount = 0;
    let segment = -1;
    if (this.openKey !== NONE) segment = this.pushSegment(start, this.openKey, false);
    for (let index = start; index < end; index++) {
      const timeMs = timestamps[index]!;
      const key = this.keyOf(timeMs, ordinalBase + index);
      if (key === this.openKey) {
        if (key !== AFTER) this.openLastMs = timeMs;
        this.openSamples++;
        continue;
      }
      if (segment >= 0) {
        this.segmentEnd[segment] = index;
        this.segmentPoints[segment] = this.openKey === BEFORE || this.openKey === AFTER ? 1 : this.pointsOfOpenColumn();
        this.segmentSlot[segment] = this.closeColumn();
      }
      this.openKey = key;
      this.openFirstMs = timeMs;
      this.openLastMs = timeMs;
      this.openSamples = 1;
      segment = this.pushSegment(index, key, true);
    }
    if (segment >= 0) this.segmentEnd[segment] = end;
  }

  private pushSegment(start: number, key: number, isNewColumn: boolean): number {
    const segment = this.segmentCount++;
    if (segment >= this.segmentStart.length) this.growSegments();
    this.segmentStart[segment] = start;
    this.segmentEnd[segment] = start;
    this.segmentKey[segment] = key;
    this.segmentSlot[segment] = -1;
    this.segmentPoints[segment] = 0;
    this.segmentIsNewColumn[segment] = isNewColumn ? 1 : 0;
    return segment;
  }

  /** Writes the open column's x values (and a gap point before it when needed); returns its first slot. */
  private closeColumn(): number {
    const key = this.openKey;
    const firstMs = key === BEFORE ? this.openLastMs : this.openFirstMs;
    if (!Number.isNaN(this.lastClosedMs) && firstMs - this.lastClosedMs > this.maxGapMs) {
      this.ensureOutput(this.count + 3);
      const gapSlot = this.count++;
      this.outX[gapSlot] = (this.lastClosedMs + firstMs) / 2000;
      for (let seriesIndex = 0; seriesIndex < this.seriesCount; seriesIndex++) this.outY[seriesIndex * this.capacity + gapSlot] = Number.NaN;
    }
    this.ensureOutput(this.count + 2);
    const slot = this.count;
    this.outX[slot] = firstMs / 1000;
    if (key === BEFORE || key === AFTER || this.openSamples === 1) {
      this.count += 1;
      this.lastClosedMs = firstMs;
    } else {
      this.outX[slot + 1] = this.openLastMs / 1000;
      this.count += 2;
      this.lastClosedMs = this.openLastMs;
    }
    return slot;
  }

  /** Value pass for one series over the block's segments. */
  private reduceSeries(seriesIndex: number, values: Float32Array, ordinalBase: number): void {
    for (let segment = 0; segment < this.segmentCount; segment++) {
      const key = this.segmentKey[segment]!;
      const start = this.segmentStart[segment]!;
      const end = this.segmentEnd[segment]!;
      if (this.segmentIsNewColumn[segment] === 1) {
        this.minValue[seriesIndex] = Number.POSITIVE_INFINITY;
        this.maxValue[seriesIndex] = Number.NEGATIVE_INFINITY;
        this.minAt[seriesIndex] = -1;
        this.maxAt[seriesIndex] = -1;
      }
      if (key === BEFORE) {
        // Only the sample nearest the left edge matters.
        if (end > start) this.keepSingle(seriesIndex, values[end - 1]!, ordinalBase + end - 1);
      } else if (key === AFTER) {
        if (end > start && this.minAt[seriesIndex]! < 0 && this.maxAt[seriesIndex]! < 0) {
          this.keepSingle(seriesIndex, values[start]!, ordinalBase + start);
        }
      } else {
        let minValue = this.minValue[seriesIndex]!;
        let maxValue = this.maxValue[seriesIndex]!;
        let minIndex = -1;
        let maxIndex = -1;
        for (let index = start; index < end; index++) {
          const value = values[index]!;
          if (value < minValue) {
            minValue = value;
            minIndex = index;
          }
          if (value > maxValue) {
            maxValue = value;
            maxIndex = index;
          }
        }
        if (minIndex >= 0) {
          this.minValue[seriesIndex] = minValue;
          this.minAt[seriesIndex] = ordinalBase + minIndex;
        }
        if (maxIndex >= 0) {
          this.maxValue[seriesIndex] = maxValue;
          this.maxAt[seriesIndex] = ordinalBase + maxIndex;
        }
      }
      const slot = this.segmentSlot[segment]!;
      if (slot >= 0) this.writeColumn(seriesIndex, slot, this.segmentPoints[segment]!);
    }
  }

  private keepSingle(seriesIndex: number, value: number, ordinal: number): void {
    const isValue = !Number.isNaN(value);
    this.minValue[seriesIndex] = value;
    this.maxValue[seriesIndex] = value;
    this.minAt[seriesIndex] = isValue ? ordinal : -1;
    this.maxAt[seriesIndex] = isValue ? ordinal : -1;
  }

  private writeColumn(seriesIndex: number, slot: number, points: number): void {
    const offset = seriesIndex * this.capacity + slot;
    const minAt = this.minAt[seriesIndex]!;
    const maxAt = this.maxAt[seriesIndex]!;
    // A column of only +Infinity (or only -Infinity) set one side.
    const low = minAt >= 0 ? this.minValue[seriesIndex]! : maxAt >= 0 ? this.maxValue[seriesIndex]! : Number.NaN;
    const high = maxAt >= 0 ? this.maxValue[seriesIndex]! : low;
    if (points === 1) {
      this.outY[offset] = low;
      return;
    }
    const isMinFirst = minAt < 0 || maxAt < 0 || minAt <= maxAt;
    this.outY[offset] = isMinFirst ? low : high;
    this.outY[offset + 1] = isMinFirst ? high : low;
  }

  private ensureOutput(points: number): void {
    if (points <= this.capacity && this.outY.length >= this.seriesCount * this.capacity) return;
    const capacity = Math.max(points, this.capacity, 16);
    const grownCapacity = points > this.capacity ? Math.max(capacity, this.capacity * 2) : capacity;
    const outX = new Float64Array(grownCapacity);
    const outY = new Float32Array(grownCapacity * this.seriesCount);
    outX.set(this.outX.subarray(0, this.count));
    const previousCapacity = this.capacity;
    const copySeries = Math.min(this.seriesCount, previousCapacity > 0 ? Math.floor(this.outY.length / previousCapacity) : 0);
    for (let seriesIndex = 0; seriesIndex < copySeries; seriesIndex++) {
      outY.set(this.outY.subarray(seriesIndex * previousCapacity, seriesIndex * previousCapacity + this.count), seriesIndex * grownCapacity);
    }
    this.outX = outX;
    this.outY = outY;
    this.capacity = grownCapacity;
  }

  private growSegments(): void {
    const length = this.segmentStart.length * 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(array: T, make: (n: number) => T): T => {
      const next = make(length);
      next.set(array);
      return next;
    };
    this.segmentStart = grow(this.segmentStart, (n) => new Int32Array(n));
    this.segmentEnd = grow(this.segmentEnd, (n) => new Int32Array(n));
    this.segmentKey = grow(this.segmentKey, (n) => new Float64Array(n));
    this.segmentSlot = grow(this.segmentSlot, (n) => new Int32Array(n));
    this.segmentPoints = grow(this.segmentPoints, (n) => new Uint8Array(n));
    this.segmentIsNewColumn = grow(this.segmentIsNewColumn, (n) => new Uint8Array(n));
  }
}
