import { formatLocalDate } from '../../format/formatClockTime';

/**
 * "labwire-profiles-2026-12-03.json": named by the local calendar day, as a chart's PNG export is
 * (pngFileName), so an export saved in the evening west of Greenwich (or the morning east of it) is
 * not dated tomorrow (or yesterday) beside the other files of the same day.
 */
export function profileExportFileName(atMs: number): string {
  return `labwire-profiles-${formatLocalDate(atMs)}.json`;
}
