/**
 * One StreamFinder per profile while the Plots tab asks ('plots:streams'):
 * started by the first ask, closed FINDER_IDLE_MS after the last one, so
 * nothing listens to every channel for a tab nobody has open.
 */
import type { OfferedStreams } from '../../shared/plots';
import type { PlotMessageSource } from './plotSource';
import { StreamFinder } from './streamFinder';

export const FINDER_IDLE_MS = 60_000;
const IDLE_CHECK_INTERVAL_MS = 5_000;

export class StreamFinders {
  private readonly finders = new Map<string, StreamFinder>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly source: PlotMessageSource,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  offers(profileId: string): OfferedStreams {
    let finder = this.finders.get(profileId);
    if (!finder) {
      finder = new StreamFinder(profileId, this.source);
      this.finders.set(profileId, finder);
      this.startTimer();
    }
    finder.listenUntilMs = this.nowMs() + FINDER_IDLE_MS;
    finder.adaptToRefusals();
    return finder.offers();
  }

  closeIdle(): void {
    const now = this.nowMs();
    for (const [profileId, finder] of [...this.finders]) {
      if (now >= finder.listenUntilMs) this.closeProfile(profileId);
    }
  }

  closeProfile(profileId: string): void {
    this.finders.get(profileId)?.close();
    this.finders.delete(profileId);
    if (this.finders.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  dispose(): void {
    for (const profileId of [...this.finders.keys()]) this.closeProfile(profileId);
  }

  private startTimer(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.closeIdle(), IDLE_CHECK_INTERVAL_MS);
    this.timer.unref?.();
  }
}
