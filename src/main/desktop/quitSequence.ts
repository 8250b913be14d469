/**
 * Quitting waits for the bus thread to stop, because stopping it also stops
 * the managed redis-server and closes Redis connections cleanly. The first
 * before-quit is held back, the bus is stopped, then quit runs again and
 * passes. A bus that does not stop in time does not keep the app open.
 */

export const BUS_STOP_TIMEOUT_MS = 10_000;

export type QuitState = { state: 'running' } | { state: 'stopping'; since: number } | { state: 'stopped' };

export interface QuitSequenceOptions {
  /** Stops the bus thread. */
  stopBus(): Promise<void>;
  /** app.quit(). */
  quit(): void;
  timeoutMs?: number;
  /** Called when the bus did not stop within the timeout (for the log). */
  onDidTimeOut?(): void;
  now?(): number;
}

export interface QuitSequence {
  /** The before-quit listener. */
  onBeforeQuit(event: { preventDefault(): void }): void;
  state(): QuitState;
}

export function createQuitSequence(options: QuitSequenceOptions): QuitSequence {
  const timeoutMs = options.timeoutMs ?? BUS_STOP_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let current: QuitState = { state: 'running' };

  const finish = (): void => {
    if (current.state === 'stopped') return;
    current = { state: 'stopped' };
    options.quit();
  };

  return {
    onBeforeQuit(event) {
      if (current.state === 'stopped') return;
      event.preventDefault();
      if (current.state === 'stopping') return;
      current = { state: 'stopping', since: now() };
      const timer = setTimeout(() => {
        options.onDidTimeOut?.();
        finish();
      }, timeoutMs);
      void options
        .stopBus()
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(timer);
          finish();
        });
    },
    state: () => current,
  };
}
