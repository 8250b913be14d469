/** The words a search says about its window and what it found, so the status line reads as a sentence. */
import type { StreamSearchProgress, StreamSearchResult } from '../../../../shared/features/streamsContract';
import { countWords, formatCount } from '../../../../shared/countWords';
import { formatClockTime, formatLocalDate } from '../../format/formatClockTime';

/** "Entries from 14:00:00 to 14:05:00 on 2024-04-25", with both dates when the window crosses midnight. */
export function timeWindowWords(fromMs: number, toMs: number): string {
  const [fromDate, toDate] = [formatLocalDate(fromMs), formatLocalDate(toMs)];
  if (fromDate === toDate) return `Entries from ${formatClockTime(fromMs)} to ${formatClockTime(toMs)} on ${fromDate}`;
  return `Entries from ${fromDate} ${formatClockTime(fromMs)} to ${toDate} ${formatClockTime(toMs)}`;
}

/** The value a `datetime-local` input with seconds takes for a time, in the renderer's time zone. */
export function toLocalInputValue(timeMs: number): string {
  return `${formatLocalDate(timeMs)}T${formatClockTime(timeMs)}`;
}

/** A `datetime-local` value (seconds optional) as epoch ms; null when it is not a time. */
export function fromLocalInputValue(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds = '0', millis = '0'] = match;
  const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds), Number(millis.padEnd(3, '0')));
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

/**
 * The status of a search over a time window: "Done. Entries from 14:00:00 to
 * 14:05:00 on 2024-04-25, 1,204 found." With a query, what matched and what
 * was read are two numbers, both said.
 */
export function timeSearchStatus(fromMs: number, toMs: number, query: string, shown: StreamSearchProgress, result: StreamSearchResult | null, maxEntries: number): string {
  const lead = result === null ? 'Searching… ' : result.outcome === 'stopped' ? 'Stopped. ' : result.outcome === 'limit' ? `Stopped at the limit of ${countWords(maxEntries, 'entry', 'entries')}. ` : 'Done. ';
  const found = query.trim() === '' ? `${formatCount(shown.matched)} found` : `${formatCount(shown.matched)} of ${formatCount(shown.scanned)} match the search`;
  const capped = result !== null && result.matches.length < result.matched ? ` (the newest ${formatCount(result.matches.length)} shown)` : '';
  return `${lead}${timeWindowWords(fromMs, toMs)}, ${found}${result === null ? ' so far' : ''}${capped}.`;
}
