/**
 * A stream entry id as the history keeps it: its two numbers, not a string.
 * A Redis id is `<milliseconds>-<sequence>`; one written the usual way (no
 * leading zeros, each part up to 15 digits, so exact as a double) is kept as
 * two numbers and written back the same when asked for. Any other id is
 * kept as its string (readEntryIdNumbers gives NaN).
 *
 * Motivation: the id string was the history's one object per stream entry,
 * held for as long as the entry (100,000 of them): promoted by young
 * collections, then marked and swept by old ones. Each scavenge of the
 * stream-tail loop promoted about 3 MB, most of it these strings (--trace-gc).
 */

/** Most digits a part may have and still be an exact double (10^15 < 2^53). */
const MAX_PART_DIGITS = 15;
const DIGIT_ZERO = 0x30;

/** Where readEntryIdNumbers puts an id's numbers; one object per reader, refilled. */
export interface EntryIdNumbers {
  /** NaN when the id is not one written the usual way. */
  milliseconds: number;
  sequence: number;
}

/** Reads `id` into `into`: both numbers, or NaN in milliseconds when the id must stay a string. */
export function readEntryIdNumbers(id: string, into: EntryIdNumbers): void {
  into.milliseconds = Number.NaN;
  const dash = id.indexOf('-');
  const milliseconds = partValue(id, 0, dash);
  const sequence = partValue(id, dash + 1, id.length);
  if (dash < 0 || Number.isNaN(milliseconds) || Number.isNaN(sequence)) return;
  into.milliseconds = milliseconds;
  into.sequence = sequence;
}

/** The id readEntryIdNumbers read these numbers from. */
export function entryIdOf(milliseconds: number, sequence: number): string {
  return `${milliseconds}-${sequence}`;
}

/** The decimal number id[from, to) spells without a sign or leading zeros, or NaN. */
function partValue(id: string, from: number, to: number): number {
  const length = to - from;
  if (length < 1 || length > MAX_PART_DIGITS || (length > 1 && id.charCodeAt(from) === DIGIT_ZERO)) return Number.NaN;
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = id.charCodeAt(index) - DIGIT_ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

