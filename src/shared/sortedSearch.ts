/** Binary search over a non-decreasing Float64Array (sample times, plot x columns). */

/**
 * First index in [start, end) whose value is >= `value`, or > `value` when
 * `isStrict`; `end` when there is none.
 */
export function firstIndexFrom(values: Float64Array, start: number, end: number, value: number, isStrict = false): number {
  let low = start;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const candidate = values[middle]!;
    if (candidate < value || (isStrict && candidate === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}
