/**
 * Per-series mean, RMS (about the mean), minimum and maximum of one frame,
 * in one pass per series, skipping NaN (gap points). The arrays are kept
 * between frames so a 64-lane view allocates nothing per frame.
 */
export class LaneStatistics {
  mean = new Float64Array(0);
  rms = new Float64Array(0);
  min = new Float64Array(0);
  max = new Float64Array(0);
  /** Values that were not NaN. */
  count = new Int32Array(0);
  seriesCount = 0;

  measure(ys: readonly Float32Array[]): void {
    const seriesCount = ys.length;
    if (this.mean.length < seriesCount) {
      this.mean = new Float64Array(seriesCount);
      this.rms = new Float64Array(seriesCount);
      this.min = new Float64Array(seriesCount);
      this.max = new Float64Array(seriesCount);
      this.count = new Int32Array(seriesCount);
    }
    this.seriesCount = seriesCount;
    for (let series = 0; series < seriesCount; series++) {
      const values = ys[series]!;
      let sum = 0;
      let sumOfSquares = 0;
      let count = 0;
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      for (let index = 0; index < values.length; index++) {
        const value = values[index]!;
        // NaN fails both comparisons, so a gap point changes nothing.
        if (!(value === value)) continue;
        sum += value;
        sumOfSquares += value * value;
        count++;
        if (value < low) low = value;
        if (value > high) high = value;
      }
      const mean = count > 0 ? sum / count : 0;
      this.mean[series] = mean;
      this.rms[series] = count > 0 ? Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean)) : 0;
      this.min[series] = count > 0 ? low : Number.NaN;
      this.max[series] = count > 0 ? high : Number.NaN;
      this.count[series] = count;
    }
  }
}
