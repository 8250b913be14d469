/**
 * A tiny seeded generator (xorshift32) for the demo traffic: the same seed
 * gives the same signal, so tests can check the traffic without flakiness.
 * Not for anything that needs real randomness.
 */

/** Returns numbers in [0, 1). */
export type RandomSource = () => number;

const UINT32_RANGE = 4_294_967_296;
const FALLBACK_SEED = 0x9e3779b9;

export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0 || FALLBACK_SEED;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / UINT32_RANGE;
  };
}

/** Uniform in [low, high). */
export function randomBetween(random: RandomSource, low: number, high: number): number {
  return low + (high - low) * random();
}

export function pickOne<T>(random: RandomSource, items: readonly [T, ...T[]]): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}

/** Rounds to `digits` decimals, for readable demo values. */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
