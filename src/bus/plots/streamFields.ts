/**
 * A stream entry's field values are always text in Redis (XADD stores
 * "21.5", not 21.5), so a chart of a stream reads numeric text as numbers.
 * Channels keep the rule of signal/fieldPath.ts (a string is never a
 * number): there a publisher that means a number sends one.
 *
 * Only the entry's own fields (the top level of the object the tail wrote,
 * entryPayload.ts) are read this way; a JSON document inside one field keeps
 * its own types.
 */

/** Decimal numbers as Redis and lab producers write them: "21.5", "-3", "1e-3"; not "", " 1", "0x10", "Infinity". */
const NUMERIC_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Replaces, in place, each top-level string value that is a decimal number with that number. */
export function readNumericFields(value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === 'string' && field.length <= 64 && NUMERIC_TEXT.test(field)) record[key] = Number(field);
  }
}
