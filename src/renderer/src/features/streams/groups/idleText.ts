/** Idle and inactive times in words a technician reads at a glance ("3 h 12 min"). Pure. */

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The two largest units: "850 ms", "42 s", "5 min 3 s", "3 h 12 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < SECOND_MS) return `${Math.round(ms)} ms`;
  if (ms < MINUTE_MS) return `${Math.floor(ms / SECOND_MS)} s`;
  if (ms < HOUR_MS) return twoUnits(ms, MINUTE_MS, 'min', SECOND_MS, 's');
  if (ms < DAY_MS) return twoUnits(ms, HOUR_MS, 'h', MINUTE_MS, 'min');
  return twoUnits(ms, DAY_MS, 'd', HOUR_MS, 'h');
}

function twoUnits(ms: number, big: number, bigName: string, small: number, smallName: string): string {
  const bigCount = Math.floor(ms / big);
  const smallCount = Math.floor((ms - bigCount * big) / small);
  return smallCount === 0 ? `${bigCount} ${bigName}` : `${bigCount} ${bigName} ${smallCount} ${smallName}`;
}

/** Parses "30 s", "5 min", "2 h", "1500 ms" or a bare number of milliseconds; null when it is none of them. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,12})(?:\s*(ms|s|min|h|d))?\s*$/i.exec(text);
  if (!match) return null;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const factor = { ms: 1, s: SECOND_MS, min: MINUTE_MS, h: HOUR_MS, d: DAY_MS }[unit] ?? 1;
  return Number(match[1]) * factor;
}
