/**
 * Collects unhandled rejections and uncaught 'error' events reported by
 * ioredis while a suite runs, so a test can assert there were none.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';

export interface UnhandledWatch {
  /** Everything seen so far, as text. */
  readonly seen: string[];
  stop(): void;
}

export function watchUnhandled(): UnhandledWatch {
  const seen: string[] = [];
  const onRejection = (reason: unknown): void => {
    seen.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  };
  const originalConsoleError = console.error;
  // ioredis prints this instead of crashing when an 'error' event has no listener.
  console.error = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && args[0].includes('[ioredis] Unhandled error event')) seen.push(args.map(String).join(' '));
    originalConsoleError(...args);
  };
  process.on('unhandledRejection', onRejection);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onRejection);
      console.error = originalConsoleError;
    },
  };
}

/**
 * The usual suite setup: cleanups to run after the suite (last registered
 * first), then the suite fails if anything went unhandled while it ran.
 */
export function suiteCleanups(): Array<() => Promise<void> | void> {
  const unhandled = watchUnhandled();
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    unhandled.stop();
    assert.deepStrictEqual(unhandled.seen, []);
  });
  return cleanups;
}
