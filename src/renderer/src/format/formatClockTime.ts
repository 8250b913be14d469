/**
 * Times of day as a wall clock in the lab reads them: local time, 24-hour,
 * Latin digits and colons whatever the browser's locale (Intl's own clock
 * gave "02:41:05 PM" beside "14:41:05", and other separators in other
 * locales). Every clock and date-and-time on screen is written here.
 */
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
const hoursAndMinutes = (date: Date): string => `${pad(date.getHours())}:${pad(date.getMinutes())}`;
const calendarDay = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** Epoch ms → "14:41": for times set or read in minutes (a silence of 15 min to a day; when an alert resolved). */
export function formatClockMinutes(epochMs: number): string {
  return hoursAndMinutes(new Date(epochMs));
}

/** Epoch ms → "14:41:05": the precision for anything that happened at a moment. */
export function formatClockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${hoursAndMinutes(date)}:${pad(date.getSeconds())}`;
}

/** Epoch ms → "14:41:05.123": messages arrive many per second, so the milliseconds matter. */
export function formatClockMilliseconds(epochMs: number): string {
  const date = new Date(epochMs);
  return `${hoursAndMinutes(date)}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Epoch ms → "2024-04-25": the local calendar day, written the same way on every machine (and as `datetime-local` takes it). */
export function formatLocalDate(epochMs: number): string {
  return calendarDay(new Date(epochMs));
}

/** Epoch ms → "2024-04-25 14:41:05.123". */
export function formatDateAndTime(epochMs: number): string {
  return `${formatLocalDate(epochMs)} ${formatClockMilliseconds(epochMs)}`;
}
