/**
 * Redis replies of XINFO and XPENDING, read defensively: a reply of another
 * shape (a fork, a proxy) gives defaults instead of a throw. Pure.
 */

/** XINFO's flat `[name, value, name, value ...]` as a map. */
export function flatToMap(reply: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(reply)) return map;
  for (let index = 0; index + 1 < reply.length; index += 2) map.set(String(reply[index]), reply[index + 1]);
  return map;
}

/** A count, or null for nil and anything not a number. */
export function countOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

export function count(value: unknown): number {
  return countOrNull(value) ?? 0;
}

export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number') return String(value);
  return fallback;
}

/** An entry as XINFO STREAM's first-entry / last-entry gives it: `[id, [fields]]` or nil. */
export function entryIdOf(value: unknown): string | null {
  return Array.isArray(value) && value.length > 0 ? text(value[0]) || null : null;
}

export interface PendingReplyRow {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

/** XPENDING's extended form: `[[id, consumer, idle, deliveries] ...]`. */
export function pendingRows(reply: unknown): PendingReplyRow[] {
  if (!Array.isArray(reply)) return [];
  return reply
    .filter((row): row is unknown[] => Array.isArray(row) && row.length >= 4)
    .map((row) => ({ id: text(row[0]), consumer: text(row[1]), idleMs: count(row[2]), deliveries: count(row[3]) }));
}
