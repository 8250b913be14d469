/** Epoch ms → "10:41:02" in local time, the way a wall clock in the lab reads. */
export function formatClockTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
