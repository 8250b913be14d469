/** Stream entry ids (`<ms>-<seq>`) in the bus: checked in words, compared as numbers. Pure. */

const ID_PATTERN = /^(\d{1,20})(?:-(\d{1,20}))?$/;

/** An explicit id (`1712345678901-0`, or `1712345678901` meaning its first entry). */
export function isEntryId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** -1, 0 or 1; both must be entry ids. `5` equals `5-0`. */
export function compareIds(a: string, b: string): number {
  const [am, as] = parts(a);
  const [bm, bs] = parts(b);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

function parts(id: string): [bigint, bigint] {
  const match = ID_PATTERN.exec(id);
  if (!match) return [0n, 0n];
  return [BigInt(match[1]!), BigInt(match[2] ?? '0')];
}

export function idProblem(text: string, field: string): string | null {
  return isEntryId(text) ? null : `${field} must be an entry id such as 1712345678901-0 (got "${text.slice(0, 40)}").`;
}
