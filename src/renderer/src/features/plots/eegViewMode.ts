/**
 * Live or frozen, and where a frozen view may move: never past the newest
 * sample, never before the oldest the bus still holds, never narrower
 * than MIN_SPAN_MS.
 */
export type EegViewMode =
  | { state: 'live' }
  /** `isFetched` is false while the picture is the last live frame, true once a history range was asked for. */
  | { state: 'frozen'; fromMs: number; toMs: number; isFetched: boolean };

export const MIN_SPAN_MS = 200;

export interface HistoryBounds {
  /** Epoch ms of the newest sample received. */
  newestMs: number;
  /** Seconds of history the bus holds. */
  historySeconds: number;
}

/** Keeps [fromMs, toMs] within the history, preserving its span where possible; too narrow a range widens about its middle. */
export function clampRange(fromMs: number, toMs: number, bounds: HistoryBounds): { fromMs: number; toMs: number } {
  const oldestMs = bounds.newestMs - bounds.historySeconds * 1000;
  const span = Math.min(Math.max(MIN_SPAN_MS, toMs - fromMs), Math.max(MIN_SPAN_MS, bounds.newestMs - oldestMs));
  let from = toMs - fromMs < MIN_SPAN_MS ? (fromMs + toMs) / 2 - span / 2 : fromMs;
  let to = from + span;
  if (to > bounds.newestMs) {
    to = bounds.newestMs;
    from = to - span;
  }
  if (from < oldestMs) {
    from = oldestMs;
    to = Math.min(bounds.newestMs, from + span);
  }
  return { fromMs: from, toMs: to };
}

/** Moves by half a window: -1 earlier, +1 later. */
export function panRange(fromMs: number, toMs: number, direction: -1 | 1, bounds: HistoryBounds): { fromMs: number; toMs: number } {
  const shift = ((toMs - fromMs) / 2) * direction;
  return clampRange(fromMs + shift, toMs + shift, bounds);
}

/** Zooms about the middle: factor 0.5 shows half as much time, 2 twice as much. */
export function zoomRange(fromMs: number, toMs: number, factor: number, bounds: HistoryBounds): { fromMs: number; toMs: number } {
  const middle = (fromMs + toMs) / 2;
  const half = ((toMs - fromMs) * factor) / 2;
  return clampRange(middle - half, middle + half, bounds);
}
