/**
 * The one rule for reading the publish time a message carries, whatever its
 * producer chose (LAB_TRAFFIC.md): used by the feed's envelope, the plots'
 * time axis and whatever reads times next (stream entries, alert rules).
 *
 * - Numbers and BigInts: the unit is told by magnitude. Between 2000-01-01
 *   and a day after `nowMs`, epoch seconds, milliseconds, microseconds and
 *   nanoseconds occupy ranges that do not overlap (seconds end near 1.8e9,
 *   milliseconds start at 9.5e11), so a plausible number has exactly one
 *   reading. Fractional seconds (Python's time.time()) keep their fraction.
 * - Decimal strings ("1714564800", "1714564800.25"): read as the number they
 *   spell. Stream entries carry every field as a string, and producers copy
 *   numbers into text.
 * - ISO-8601 strings: `2024-05-01T12:00:00.123Z`, with `t` or a space for
 *   the T, a `.` or `,` before the fraction, an offset such as +02:00, +0200
 *   or none. Without an offset the time is UTC: Python's
 *   `datetime.utcnow().isoformat()`, common on lab hosts, writes none.
 *   Date.parse is not used: it accepts "1", "May 1" and other shapes that
 *   would turn ids into dates, differently in each engine.
 * - Dates: msgpackr decodes the MessagePack timestamp extension to a Date.
 *
 * Anything else, or a time before 2000 or more than a day after `nowMs`, is
 * no publish time: the result is undefined and the receive time, which always
 * exists, stands instead.
 */

export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
/** Clocks of lab devices drift; a day ahead is a wrong clock or a wrong unit. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
/** Longer strings are payload text, not a time; the check stays cheap on hostile input. */
const MAX_TIMESTAMP_TEXT_LENGTH = 40;

const DECIMAL_NUMBER = /^\d+(?:\.\d+)?$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Units per millisecond of seconds, milliseconds, microseconds and nanoseconds, coarsest first. */
const NUMERIC_UNITS_PER_MS = [1 / 1000, 1, 1000, 1_000_000] as const;

/**
 * Epoch milliseconds (possibly fractional) of the time `value` names, or
 * undefined. `nowMs` is the receive time where there is one; a later bound
 * is taken from the clock only when a candidate exists.
 */
export function readTimestampMs(value: unknown, nowMs?: number): number | undefined {
  let candidateMs: number | undefined;
  if (typeof value === 'number' || typeof value === 'bigint') candidateMs = fromEpochNumber(value, nowMs);
  else if (typeof value === 'string') candidateMs = fromText(value, nowMs);
  else if (value instanceof Date) candidateMs = value.getTime();
  if (candidateMs === undefined || !(candidateMs >= EARLIEST_PLAUSIBLE_MS)) return undefined;
  return candidateMs <= latestMs(nowMs) ? candidateMs : undefined;
}

function latestMs(nowMs: number | undefined): number {
  return (nowMs ?? Date.now()) + MAX_FUTURE_SKEW_MS;
}

function fromEpochNumber(value: number | bigint, nowMs: number | undefined): number | undefined {
  const number = Number(value);
  if (!Number.isFinite(number)) return undefined;
  const latest = latestMs(nowMs);
  for (const unitsPerMs of NUMERIC_UNITS_PER_MS) {
    if (number >= EARLIEST_PLAUSIBLE_MS * unitsPerMs && number <= latest * unitsPerMs) {
      if (typeof value === 'bigint' && unitsPerMs > 1) return bigIntToMs(value, unitsPerMs);
      // Seconds are multiplied, not divided by 1/1000: 1796245750.715 / 0.001 is 1796245750714.9998.
      return unitsPerMs < 1 ? number * 1000 : number / unitsPerMs;
    }
  }
  return undefined;
}

/** Divides before converting: a nanosecond count is beyond 2^53 and would lose its microseconds as a double. */
function bigIntToMs(value: bigint, unitsPerMs: number): number {
  const divisor = BigInt(unitsPerMs);
  return Number(value / divisor) + Number(value % divisor) / unitsPerMs;
}

function fromText(value: string, nowMs: number | undefined): number | undefined {
  if (value.length > MAX_TIMESTAMP_TEXT_LENGTH) return undefined;
  const text = value.trim();
  if (DECIMAL_NUMBER.test(text)) return fromEpochNumber(Number(text), nowMs);
  return parseIso8601Ms(text);
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
