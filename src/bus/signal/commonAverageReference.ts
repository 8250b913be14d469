/**
 * Common average reference (CAR) for one time step: subtracts the mean of
 * all channels from each, in place. A NaN channel (no sample, or a lead
 * off) is left out of the mean and stays NaN, so one missing electrode does
 * not blank the whole montage.
 *
 * Returns the mean that was subtracted, or NaN when no channel had a value.
 */
export function applyCommonAverageReference(samples: Float64Array, channelCount: number = samples.length): number {
  const count = Math.min(channelCount, samples.length);
  let sum = 0;
  let valueCount = 0;
  for (let channel = 0; channel < count; channel++) {
    const value = samples[channel]!;
    if (!Number.isNaN(value)) {
      sum += value;
      valueCount++;
    }
  }
  if (valueCount === 0) return Number.NaN;
  const mean = sum / valueCount;
  for (let channel = 0; channel < count; channel++) samples[channel] = samples[channel]! - mean;
  return mean;
}
