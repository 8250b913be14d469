/**
 * Stream entry ids ("<ms>-<seq>", both unsigned 64-bit) compared without
 * losing precision: equal lengths compare as text, so only ids of different
 * lengths need their parts read.
 */

export const START_ID = '0-0';

/** Negative when `left` is older than `right`, 0 when equal, positive when newer. */
export function compareStreamIds(left: string, right: string): number {
  if (left === right) return 0;
  const [leftMs, leftSeq] = splitId(left);
  const [rightMs, rightSeq] = splitId(right);
  return compareDigits(leftMs, rightMs) || compareDigits(leftSeq, rightSeq);
}

function splitId(id: string): [string, string] {
  const dash = id.indexOf('-');
  return dash < 0 ? [id, '0'] : [id.slice(0, dash), id.slice(dash + 1)];
}

function compareDigits(left: string, right: string): number {
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}
