/**
 * A count and its noun, agreeing: "0 alerts", "1 alert", "1,204 records".
 * One rule for every screen and every message the bus writes: English
 * plural (one is singular, every other count plural, 0 included) and the
 * number grouped by thousands, as counts read everywhere else on screen.
 */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** A count alone, grouped by thousands: 1204 → "1,204". The number half of `countWords`, for when the noun is elsewhere. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

/** `many` defaults to `one` + "s"; irregular nouns name it ("entry", "entries"; "message was", "messages were"). */
export function countWords(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
