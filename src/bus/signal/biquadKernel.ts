/**
 * The per-sample work of a biquad cascade: transposed direct form II, two
 * Float64 state values per section, no allocation. Shared by the
 * one-channel and the many-channel filters so both compute bit-identical
 * output.
 */
import { COEFFICIENTS_PER_SECTION } from './biquadDesign';

export const STATE_VALUES_PER_SECTION = 2;

/**
 * Runs one sample through every section. `state` holds the cascade's
 * 2 x sectionCount values from `stateOffset` on.
 */
export function filterSample(
  coefficients: Float64Array,
  sectionCount: number,
  state: Float64Array,
  stateOffset: number,
  input: number,
): number {
  let x = input;
  let c = 0;
  let z = stateOffset;
  for (let section = 0; section < sectionCount; section++) {
    const y = coefficients[c]! * x + state[z]!;
    state[z] = coefficients[c + 1]! * x - coefficients[c + 3]! * y + state[z + 1]!;
    state[z + 1] = coefficients[c + 2]! * x - coefficients[c + 4]! * y;
    x = y;
    c += COEFFICIENTS_PER_SECTION;
    z += STATE_VALUES_PER_SECTION;
  }
  return x;
}

/**
 * Sets the state to the steady state for a constant input equal to `input`,
 * as if the signal had held that value forever. Without this, an EEG
 * channel with a 20 mV electrode offset rings through a 0.5 Hz high-pass
 * for seconds after every reset and swamps the 50 uV signal on screen.
 */
export function primeState(
  coefficients: Float64Array,
  sectionCount: number,
  state: Float64Array,
  stateOffset: number,
  input: number,
): void {
  let x = input;
  let c = 0;
  let z = stateOffset;
  for (let section = 0; section < sectionCount; section++) {
    const b0 = coefficients[c]!;
    const b1 = coefficients[c + 1]!;
    const b2 = coefficients[c + 2]!;
    const a1 = coefficients[c + 3]!;
    const a2 = coefficients[c + 4]!;
    const y = ((b0 + b1 + b2) / (1 + a1 + a2)) * x;
    state[z] = y - b0 * x;
    state[z + 1] = b2 * x - a2 * y;
    x = y;
    c += COEFFICIENTS_PER_SECTION;
    z += STATE_VALUES_PER_SECTION;
  }
}
