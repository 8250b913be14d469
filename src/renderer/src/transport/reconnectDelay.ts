/** Capped, jittered backoff for the renderer's link to the serve host. */

export const FIRST_RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 8_000;
/** Each delay varies by up to this fraction either way, so many open tabs do not retry in step. */
export const RECONNECT_JITTER_RATIO = 0.2;

/** `attempt` counts from 1; `random` returns a number in [0, 1). */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 16));
  const base = Math.min(MAX_RECONNECT_DELAY_MS, FIRST_RECONNECT_DELAY_MS * 2 ** exponent);
  const jitter = (random() * 2 - 1) * RECONNECT_JITTER_RATIO * base;
  return Math.round(base + jitter);
}
