import assert from 'node:assert/strict';
import type { Result } from '../../src/shared/result';

/** The value of an ok result; fails the test with the error otherwise. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Polls `probe` every 10 ms until it gives something, or fails the test naming `what`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    // A promise is always truthy: an async probe here would never wait.
    if (found instanceof Promise) assert.fail(`the probe for ${what} is async; until() polls synchronous probes only`);
    if (found !== undefined && found !== null && found !== false) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls an async probe every 20 ms (until() takes synchronous ones) until it gives true, or fails the test naming `what`. */
export async function untilAsync(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
