/**
 * Reads the publish time a message carries, in whatever form its producer
 * chose: epoch seconds (float), milliseconds, micro- or nanoseconds, numeric
 * strings of those (Streams fields are strings), ISO-8601 strings, or a
 * MessagePack timestamp (a Date). Values that cannot be a publish time are
 * ignored: the receive time is always there instead.
 */

/** 2000-01-01 and 2100-01-01 UTC: anything outside is a counter or a bug, not a publish time. */
const EARLIEST_PLAUSIBLE_MS = 946_684_800_000;
const LATEST_PLAUSIBLE_MS = 4_102_444_800_000;

/** Magnitude bands: below 1e11 is seconds (until year 5138), below 1e14 milliseconds, and so on. */
const SECONDS_BELOW = 1e11;
const MILLISECONDS_BELOW = 1e14;
const MICROSECONDS_BELOW = 1e17;
const NANOSECONDS_BELOW = 1e20;

const DECIMAL_NUMBER = /^\s*\d+(?:\.\d+)?\s*$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch milliseconds (possibly fractional), or undefined when the value is no plausible timestamp. */
export function parseTimestampMs(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpochNumber(value);
  if (typeof value === 'bigint') return fromEpochNumber(Number(value));
  if (value instanceof Date) return plausible(value.getTime());
  if (typeof value !== 'string' || value.length > 40) return undefined;
  if (DECIMAL_NUMBER.test(value)) return fromEpochNumber(Number(value));
  return fromIso(value.trim());
}

function fromEpochNumber(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < SECONDS_BELOW) return plausible(value * 1000);
  if (value < MILLISECONDS_BELOW) return plausible(value);
  if (value < MICROSECONDS_BELOW) return plausible(value / 1000);
  if (value < NANOSECONDS_BELOW) return plausible(value / 1_000_000);
  return undefined;
}

/**
 * Parsed by hand, not Date.parse, whose handling of non-ISO strings differs
 * between engines. A time without a zone is taken as UTC: Python's
 * `datetime.utcnow().isoformat()`, common on lab hosts, omits the zone.
 */
function fromIso(text: string): number | undefined {
  const match = ISO_8601.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const numbers = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = numbers;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const fractionMs = fraction ? Number(fraction) * 1000 : 0;
  const localMs = Date.UTC(y, mo - 1, d, h, mi, s) + fractionMs;
  return plausible(localMs - zoneOffsetMs(zone));
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function plausible(epochMs: number): number | undefined {
  return epochMs >= EARLIEST_PLAUSIBLE_MS && epochMs < LATEST_PLAUSIBLE_MS ? epochMs : undefined;
}
