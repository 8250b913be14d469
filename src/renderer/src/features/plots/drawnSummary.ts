/**
 * How a plot's words (placeholder, legend, status line, warnings) follow
 * the picture it drew, for the telemetry charts and the EEG view alike. A
 * view summarizes the drawn picture after each draw and hands the summary
 * to a DrawnSummaryPublisher: React gets it at once when it changes what
 * the words say (waiting or not, and whatever the view's `sayingOf` names),
 * committed before the browser paints the picture; otherwise the numbers
 * refresh on the view's clock (useDrawnSummary.ts). Published only on a
 * clock, a view showed its first traces beside "Waiting for samples…" until
 * the next tick.
 */
import type { PlotStreamStats } from '../../../../shared/plots';

/** What every drawn-picture summary carries. */
export interface DrawnSummary {
  /** The drawn frame's own while live; the newest received while paused, frozen or showing a range. */
  stats: PlotStreamStats;
  /** True when the picture on screen holds at least one sample. */
  hasSamplesOnScreen: boolean;
}

/** True while a plot has nothing to show: no summary yet, or no sample received and none on screen. */
export function isWaitingForSamples(summary: DrawnSummary | null): boolean {
  return summary === null || (summary.stats.samples === 0 && !summary.hasSamplesOnScreen);
}

/** Hands summaries of drawn pictures to `publish`: at once when what they say changes, else on `tick` (the view's clock). */
export class DrawnSummaryPublisher<Summary extends DrawnSummary> {
  /** What the published summary says, kept so a draw compares one new saying, not two. */
  private publishedSaying: string | null = null;

  /** `sayingOf` names what the words depend on besides the numbers (a string that changes when they must). */
  constructor(
    private readonly publish: (summary: Summary) => void,
    private readonly sayingOf: (summary: Summary) => string,
  ) {}

  /** A picture was drawn; this is its summary. */
  didDraw(summary: Summary): void {
    const saying = this.fullSayingOf(summary);
    if (saying !== this.publishedSaying) this.send(summary, saying);
  }

  /** The clock: the summary of the picture on screen now (numbers and ages move), null while nothing is. */
  tick(summary: Summary | null): void {
    if (summary !== null) this.send(summary, this.fullSayingOf(summary));
  }

  private fullSayingOf(summary: Summary): string {
    return `${isWaitingForSamples(summary)}\u0000${this.sayingOf(summary)}`;
  }

  private send(summary: Summary, saying: string): void {
    this.publishedSaying = saying;
    this.publish(summary);
  }
}

/** A display's "a picture was just drawn" signal, before the browser paints it: the telemetry and EEG displays alike. */
export class DrawSignal {
  private readonly listeners = new Set<() => void>();

  /** Returns the function that stops listening. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  didDraw(): void {
    for (const listener of [...this.listeners]) listener();
  }

  clear(): void {
    this.listeners.clear();
  }
}
