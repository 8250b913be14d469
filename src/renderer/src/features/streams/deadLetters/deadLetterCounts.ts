/**
 * Two counts of one dead-letter stream can be on screen at once: the page's own read (once, when
 * the page is read) and the stream list's and header's facts (read every few seconds). These say
 * which is which, so 11 beside 14 is never left to the operator to explain.
 */
import { formatCount } from '../../../../../shared/countWords';
import { formatClockTime } from '../../../format/formatClockTime';

/** How many entries a stream held, and when that was read (epoch ms). */
export interface CountAt {
  entries: number;
  readAt: number;
}

/** The newer of the two counts: what "all" means now. */
export function newestCount(pageRead: CountAt, listed: CountAt | null): CountAt {
  return listed !== null && listed.readAt > pageRead.readAt ? listed : pageRead;
}

/** Null while the page's count is the newest; else the stream's newer count, with its time and where it is shown. */
export function newerCountText(pageRead: CountAt, listed: CountAt | null): string | null {
  if (listed === null || listed.readAt <= pageRead.readAt || listed.entries === pageRead.entries) return null;
  const change = listed.entries > pageRead.entries ? 'newer dead letters' : 'what is left';
  return `The stream held ${formatCount(listed.entries)} at ${formatClockTime(listed.readAt)} (the count in the header and the stream list, read every few seconds): Read again to list ${change}.`;
}
