/**
 * Draws at most once per animation frame, and only the newest item: a
 * frame that arrives while another is still waiting for the next
 * animation frame replaces it and is counted as skipped. Every plot frame
 * carries its whole window, so a skipped one loses nothing but smoothness.
 *
 * The animation-frame functions are injected so tests drive the clock.
 */

export interface AnimationFrameClock {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export const browserAnimationFrameClock: AnimationFrameClock = {
  request: (callback) => requestAnimationFrame(() => callback()),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export interface FrameSchedulerCounters {
  /** Items offered. */
  received: number;
  /** Items handed to draw. */
  drawn: number;
  /** Items replaced by a newer one before they were drawn. */
  skipped: number;
}

export class LatestFrameScheduler<T> {
  private pending: T | null = null;
  private handle: number | null = null;
  private isDisposed = false;
  readonly counters: FrameSchedulerCounters = { received: 0, drawn: 0, skipped: 0 };

  constructor(
    private readonly draw: (item: T) => void,
    private readonly clock: AnimationFrameClock = browserAnimationFrameClock,
  ) {}

  offer(item: T): void {
    if (this.isDisposed) return;
    this.counters.received++;
    if (this.pending !== null) this.counters.skipped++;
    this.pending = item;
    if (this.handle === null) this.handle = this.clock.request(() => this.run());
  }

  /** Forgets the waiting item, if any, without drawing it. */
  discard(): void {
    this.pending = null;
    if (this.handle !== null) this.clock.cancel(this.handle);
    this.handle = null;
  }

  dispose(): void {
    this.discard();
    this.isDisposed = true;
  }

  private run(): void {
    this.handle = null;
    const item = this.pending;
    this.pending = null;
    if (item === null || this.isDisposed) return;
    this.counters.drawn++;
    this.draw(item);
  }
}
