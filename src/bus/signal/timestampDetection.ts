/**
 * Recognises a publisher's timestamp field, whatever its unit, as epoch ms.
 *
 * Numbers: the unit is told by magnitude. Between 2000-01-01 and a day
 * after `now`, epoch seconds, milliseconds, microseconds and nanoseconds
 * occupy ranges that do not overlap (seconds end near 1.8e9, milliseconds
 * start at 9.5e11), so each plausible number has exactly one reading.
 * Fractional seconds (Python's time.time()) keep their fraction.
 *
 * Strings: ISO-8601 only (`2024-05-01T12:00:00.123Z`, with a space instead
 * of T, an offset such as +02:00, or none). Date.parse is not used: it
 * accepts "1", "May 1" and other shapes that would turn ids into dates. A
 * string without an offset is read as UTC, which is what Python's
 * datetime.utcnow().isoformat() writes and what a bus running in another
 * time zone than the lab can rely on. Numeric strings ("1714564800") are
 * not timestamps, as they are not numbers in field paths either.
 *
 * Dates: msgpackr decodes the MessagePack timestamp extension to a Date.
 *
 * Absurd values (before 2000, more than a day ahead of `now`, invalid
 * calendar dates) give undefined; the receive time is used instead.
 */

export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
/** Clocks of lab devices drift; a day ahead is a wrong clock or a wrong unit. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:(Z|z)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Units per millisecond of seconds, milliseconds, microseconds and nanoseconds, coarsest first. */
const NUMERIC_UNITS_PER_MS = [1 / 1000, 1, 1000, 1_000_000] as const;

export function detectTimestampMs(value: unknown, nowMs: number = Date.now()): number | undefined {
  const latestMs = nowMs + MAX_FUTURE_SKEW_MS;
  let candidateMs: number | undefined;
  if (typeof value === 'number' || typeof value === 'bigint') {
    const number = Number(value);
    if (!Number.isFinite(number)) return undefined;
    for (const unitsPerMs of NUMERIC_UNITS_PER_MS) {
      if (number >= EARLIEST_PLAUSIBLE_MS * unitsPerMs && number <= latestMs * unitsPerMs) {
        candidateMs = typeof value === 'bigint' && unitsPerMs > 1 ? bigIntToMs(value, unitsPerMs) : number / unitsPerMs;
        break;
      }
    }
  } else if (typeof value === 'string') {
    candidateMs = parseIso8601Ms(value);
  } else if (value instanceof Date) {
    candidateMs = value.getTime();
  }
  if (candidateMs === undefined || !(candidateMs >= EARLIEST_PLAUSIBLE_MS && candidateMs <= latestMs)) return undefined;
  return candidateMs;
}

/** Divides before converting: a nanosecond count is beyond 2^53 and would lose its microseconds as a double. */
function bigIntToMs(value: bigint, unitsPerMs: number): number {
  const divisor = BigInt(unitsPerMs);
  return Number(value / divisor) + Number(value % divisor) / unitsPerMs;
}

/** Epoch ms of an ISO-8601 date or date-time, or undefined when it is not one or names no real instant. */
export function parseIso8601Ms(text: string): number | undefined {
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, , signText, offsetHourText, offsetMinuteText] =
    match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText ?? 0);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  const offsetHours = Number(offsetHourText ?? 0);
  const offsetMinutes = Number(offsetMinuteText ?? 0);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  // Second 60 is a leap second; Date.UTC carries it into the next minute.
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const fractionMs = fractionText === undefined ? 0 : Number(`0.${fractionText}`) * 1000;
  const offsetMs = (signText === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second) + fractionMs - offsetMs;
}
