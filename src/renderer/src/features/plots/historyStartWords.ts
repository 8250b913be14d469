/**
 * Why a live chart's window is empty on the left, in words. The bus keeps a channel's samples only while
 * a chart shows it (and STREAM_LINGER_MS after, so a reload finds them); a chart opened a moment ago has
 * nothing older to draw, and without a word the empty part looks like a dead device.
 */
import { formatClockTime } from '../../format/formatClockTime';

/** Empty space on the left below this share of the window (or 2 s) is not worth a word. */
const UNFILLED_SHARE = 0.05;
const MIN_UNFILLED_SECONDS = 2;

/**
 * `oldestSeconds` and `newestSeconds`: the oldest and newest sample times on screen (epoch seconds); the
 * window ends at the newest. Null when the window is filled (or there is nothing on screen).
 */
export function historyStartNote(oldestSeconds: number | null, newestSeconds: number | null, windowSeconds: number): string | null {
  if (oldestSeconds === null || newestSeconds === null) return null;
  const unfilledSeconds = oldestSeconds - (newestSeconds - windowSeconds);
  if (unfilledSeconds <= Math.max(MIN_UNFILLED_SECONDS, windowSeconds * UNFILLED_SHARE)) return null;
  return `Nothing before ${formatClockTime(oldestSeconds * 1000)}: Labwire keeps a channel's samples only while a chart shows it.`;
}
