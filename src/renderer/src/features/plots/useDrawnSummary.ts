/** A view's drawn-picture summary as React state, published as drawnSummary.ts says. */
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { DrawnSummaryPublisher, type DrawnSummary } from './drawnSummary';

export interface DrawnSummaryState<Summary extends DrawnSummary> {
  summary: Summary | null;
  /** Give it the summary of each picture right after it is drawn. */
  publisher: DrawnSummaryPublisher<Summary>;
}

/**
 * A view's published summary: `publisher.didDraw` after each draw, and every `intervalMs` the summary
 * `summarizeNow` gives (null while nothing is drawn).
 */
export function useDrawnSummary<Summary extends DrawnSummary>(
  sayingOf: (summary: Summary) => string,
  intervalMs: number,
  summarizeNow: () => Summary | null,
): DrawnSummaryState<Summary> {
  const [summary, setSummary] = useState<Summary | null>(null);
  // Committed before the browser paints the picture: the draw runs in an animation frame and microtasks run
  // before the paint. A microtask, because a draw can also come from an effect (Clear), where flushSync may not run.
  const [publisher] = useState(() => new DrawnSummaryPublisher<Summary>((next) => queueMicrotask(() => flushSync(() => setSummary(next))), sayingOf));
  const latestSummarizeNow = useRef(summarizeNow);
  useEffect(() => {
    latestSummarizeNow.current = summarizeNow;
  });
  useEffect(() => {
    const timer = setInterval(() => publisher.tick(latestSummarizeNow.current()), intervalMs);
    return () => clearInterval(timer);
  }, [publisher, intervalMs]);
  return { summary, publisher };
}
