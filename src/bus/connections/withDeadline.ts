import { DeadlineError } from './describeRedisError';

/**
 * Settles like `promise`, or rejects with a DeadlineError after `timeoutMs`
 * (`phase` may be a function, asked when the time is up).
 * A late rejection of `promise` is swallowed (it is already answered for), so
 * a command abandoned here never becomes an unhandled rejection.
 */
export function withDeadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  phase: DeadlineError['phase'] | (() => DeadlineError['phase']) = 'command',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineError(typeof phase === 'function' ? phase() : phase, timeoutMs)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
